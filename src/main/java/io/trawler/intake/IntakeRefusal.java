package io.trawler.intake;

/**
 * Why intake refused a record that passed validation. These codes appear as the reason of
 * dead-letter records beside the violation codes of validation.
 */
public enum IntakeRefusal {
    /**
     * A job with this ID already ended (its terminal event is on the status topic) or is held by
     * this worker now. The record is not run again; it goes to the dead-letter topic with no new
     * status event, so the job's latest state stays the one it earned.
     */
    DUPLICATE_JOB
}
