package io.trawler.job;

/** The noop engine takes no parameters; it completes at once. */
public record NoopEngineSpec() implements EngineParams {

    static final NoopEngineSpec INSTANCE = new NoopEngineSpec();

    @Override
    public EngineType engineType() {
        return EngineType.NOOP;
    }
}
