package dev.crawler.common.kafka;

import dev.crawler.common.messages.CrawlMessage;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON encoding of one message type, usable directly or as a Kafka {@link Serde}. Unknown fields
 * are ignored and missing primitive fields read as zero, so consumers and producers of neighbouring
 * releases read each other's additive changes; a record whose schema version {@code v} is newer
 * than this release knows is refused with a {@link SerializationException}, so it goes to the
 * dead-letter topic instead of being misread.
 *
 * @param <T> the message type
 */
public final class JsonCodec<T extends CrawlMessage> implements Serde<T> {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final Class<T> type;

  private JsonCodec(Class<T> type) {
    this.type = type;
  }

  /** A codec for one message type. */
  public static <T extends CrawlMessage> JsonCodec<T> of(Class<T> type) {
    return new JsonCodec<>(type);
  }

  /** The JSON bytes of a message. */
  public byte[] encode(T message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JacksonException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName(), e);
    }
  }

  /**
   * A message from JSON bytes.
   *
   * @throws SerializationException if the bytes are not a valid message of this type or carry a
   *     schema version this release does not know
   */
  public T decode(byte[] json) {
    if (json == null) {
      throw new SerializationException("no value for " + type.getSimpleName());
    }
    try {
      requireKnownVersion(json);
      return MAPPER.readValue(json, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new SerializationException(
          "invalid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses anything but a JSON object whose schema version, if it has one, this release knows.
   * Only the top level is tokenised, values skipped unread, so binding stays the one real pass: a
   * tree built first and bound after cost twice as much on large records (a fetched page's body).
   */
  private void requireKnownVersion(byte[] json) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new SerializationException(type.getSimpleName() + " must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean isVersion = "v".equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (!isVersion) {
          parser.skipChildren();
          continue;
        }
        if (value != JsonToken.VALUE_NUMBER_INT
            || parser.getNumberType() != JsonParser.NumberType.INT
            || parser.getIntValue() > CrawlMessage.SCHEMA_VERSION) {
          throw new SerializationException(
              "unsupported schema version v="
                  + parser.getString()
                  + " for "
                  + type.getSimpleName());
        }
        return;
      }
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, message) -> message == null ? null : encode(message);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
