package dev.crawler.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validation of rendered objects against the API they declare.
 *
 * <ul>
 *   <li>Kubernetes' own kinds against the models of the official Kubernetes Java client, which are
 *       generated from the Kubernetes OpenAPI document: unknown fields, missing required fields and
 *       values of the wrong type are errors.
 *   <li>Strimzi's KafkaTopic, Kafka, KafkaNodePool and KafkaUser against Strimzi's API model, from
 *       which Strimzi generates its CRDs: unknown fields and values of the wrong type are errors.
 *   <li>ECK's Elasticsearch: metadata only (its schema is not available offline).
 *   <li>KEDA's and the Prometheus Operator's kinds: metadata here; the spec against their CRD
 *       schemas by deploy/checks/schemas/validate.mjs (the schemas ship only as npm packages).
 * </ul>
 */
final class KubernetesSchemas {

  private static final String MODELS = "io.kubernetes.client.openapi.models.";
  private static final Set<String> NODE_VALIDATED_GROUPS =
      Set.of("keda.sh", "monitoring.coreos.com");

  /** Strimzi's kinds this check knows: the topics, and the samples' cluster and users. */
  private static final Map<String, Class<?>> STRIMZI_MODELS =
      Map.of(
          "KafkaTopic", KafkaTopic.class,
          "Kafka", Kafka.class,
          "KafkaNodePool", KafkaNodePool.class,
          "KafkaUser", KafkaUser.class);

  /**
   * Groups whose schemas are not available offline: only the metadata is checked (ECK's
   * Elasticsearch of deploy/k8s/samples).
   */
  private static final Set<String> METADATA_ONLY_GROUPS = Set.of("elasticsearch.k8s.elastic.co");

  private KubernetesSchemas() {}

  /** Throws an AssertionError naming every problem of the object. */
  static void validate(KubeObject object) {
    String apiVersion = object.apiVersion();
    String kind = object.kind();
    if (apiVersion == null || kind == null) {
      throw new AssertionError(object.id() + " lacks apiVersion or kind");
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    JsonElement json = JSON.getGson().toJsonTree(object.content());
    if (group.equals("kafka.strimzi.io")) {
      validateStrimzi(object, kind, json);
    } else if (NODE_VALIDATED_GROUPS.contains(group) || METADATA_ONLY_GROUPS.contains(group)) {
      validateModel(object, V1ObjectMeta.class, json.getAsJsonObject().get("metadata"));
    } else if (group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io")) {
      validateModel(object, kubernetesModel(object, version, kind), json);
    } else {
      throw new AssertionError(
          object.id() + ": no schema known for " + apiVersion + " " + kind + "; add one");
    }
  }

  private static Class<?> kubernetesModel(KubeObject object, String version, String kind) {
    String className =
        MODELS + version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1) + kind;
    try {
      return Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          object.id() + ": " + object.apiVersion() + " " + kind + " is not a Kubernetes 1.33 API",
          e);
    }
  }

  private static void validateModel(KubeObject object, Class<?> model, JsonElement json) {
    try {
      // The generated validateJsonElement checks required and unknown fields, recursively.
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
      // Deserialising checks the value types the validation leaves out.
      JSON.getGson().fromJson(json, model);
    } catch (InvocationTargetException e) {
      // The client appends the whole offending JSON; the field and model name say enough.
      String message = e.getCause().getMessage();
      int jsonStart = message.indexOf(" JSON: ");
      throw new AssertionError(
          object.id() + ": " + (jsonStart < 0 ? message : message.substring(0, jsonStart)),
          e.getCause());
    } catch (RuntimeException e) {
      throw new AssertionError(object.id() + ": " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(model + " is not a generated Kubernetes model", e);
    }
  }

  private static void validateStrimzi(KubeObject object, String kind, JsonElement json) {
    Class<?> model = STRIMZI_MODELS.get(kind);
    if (model == null) {
      throw new AssertionError(object.id() + ": no Strimzi schema wired for " + kind + "; add it");
    }
    validateModel(object, V1ObjectMeta.class, json.getAsJsonObject().get("metadata"));
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    Object resource;
    try {
      resource = mapper.convertValue(object.content(), model);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(object.id() + ": " + e.getMessage(), e);
    }
    List<String> unknown = new ArrayList<>();
    collectUnknown("", resource, unknown, new IdentityHashMap<>());
    if (!unknown.isEmpty()) {
      throw new AssertionError(object.id() + ": fields unknown to " + kind + ": " + unknown);
    }
  }

  /**
   * Strimzi's model keeps unknown fields in a side map instead of failing (so that operators can
   * read newer resources); for a check, any entry there is a typo or a field of another version.
   */
  private static void collectUnknown(
      String path, Object node, List<String> unknown, Map<Object, Boolean> visited) {
    if (node == null || visited.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof UnknownPropertyPreserving preserving
        && preserving.getAdditionalProperties() != null) {
      preserving.getAdditionalProperties().keySet().forEach(key -> unknown.add(path + "." + key));
    }
    if (node instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        collectUnknown(path + "[" + index++ + "]", item, unknown, visited);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.strimzi.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() == 0
          && !Modifier.isStatic(getter.getModifiers())
          && getter.getName().startsWith("get")
          && !getter.getName().equals("getAdditionalProperties")
          && !getter.getDeclaringClass().equals(Object.class)) {
        try {
          collectUnknown(
              path + "." + getter.getName().substring(3), getter.invoke(node), unknown, visited);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(getter + " of Strimzi's model failed", e);
        }
      }
    }
  }
}
