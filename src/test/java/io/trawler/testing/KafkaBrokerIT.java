package io.trawler.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    @Test
    void consumerReadsBackARecordThatWasProduced() throws Exception {
        String topic = "kafka-broker-it-" + UUID.randomUUID();
        String bootstrapServers = KafkaBroker.bootstrapServers();

        try (var producer = new KafkaProducer<String, String>(producerConfig(bootstrapServers))) {
            producer.send(new ProducerRecord<>(topic, "job-1", "hello broker"))
                    .get(30, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(consumerConfig(bootstrapServers))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                                return !received.isEmpty();
                            });
        }

        assertThat(received)
                .singleElement()
                .satisfies(
                        record -> {
                            assertThat(record.key()).isEqualTo("job-1");
                            assertThat(record.value()).isEqualTo("hello broker");
                        });
    }

    @Test
    void quarkusTestResourceHandsOutTheSharedBroker() {
        Map<String, String> config = new KafkaBroker().start();

        assertThat(config)
                .containsExactly(
                        Map.entry("kafka.bootstrap.servers", KafkaBroker.bootstrapServers()));
    }

    @Test
    void copyInAnotherClassLoaderReusesTheSharedBroker() throws Exception {
        String shared = KafkaBroker.bootstrapServers();

        Class<?> copy =
                new ChildFirstLoader(KafkaBroker.class).loadClass(KafkaBroker.class.getName());
        String fromCopy = (String) copy.getMethod("bootstrapServers").invoke(null);

        assertThat(copy).isNotSameAs(KafkaBroker.class);
        assertThat(fromCopy).isEqualTo(shared);
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    }

    private static Map<String, Object> consumerConfig(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "kafka-broker-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
    }

    /** Defines its own copy of one class, the way Quarkus loads test classes per application. */
    private static final class ChildFirstLoader extends ClassLoader {
        private final Class<?> isolated;

        ChildFirstLoader(Class<?> isolated) {
            super(isolated.getClassLoader());
            this.isolated = isolated;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(isolated.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineCopy(name);
            }
        }

        private Class<?> defineCopy(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = getParent().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
