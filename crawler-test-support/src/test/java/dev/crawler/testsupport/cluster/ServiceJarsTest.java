package dev.crawler.testsupport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ServiceJarsTest {

  @Test
  void theRepositoryRootIsFoundAboveAModuleDirectory() {
    assertThat(ServiceJars.repositoryRoot().resolve("pom.xml")).isRegularFile();
    assertThat(Files.isDirectory(ServiceJars.repositoryRoot().resolve("frontier-service")))
        .isTrue();
  }
}
