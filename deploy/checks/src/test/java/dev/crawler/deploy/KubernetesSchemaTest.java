package dev.crawler.deploy;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every object of every rendered overlay is valid for the API it declares. */
class KubernetesSchemaTest {

  @TestFactory
  Stream<DynamicTest> everyRenderedObjectIsValidForItsApi() {
    return DeployFiles.renderedOverlays().entrySet().stream()
        .flatMap(overlay -> KubeObject.all(overlay.getKey(), overlay.getValue()).stream())
        .map(object -> dynamicTest(object.id(), () -> KubernetesSchemas.validate(object)));
  }
}
