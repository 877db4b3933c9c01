package dev.crawler.parser.text;

import java.util.IllformedLocaleException;
import java.util.Locale;

/** Declared languages (a {@code lang} attribute, a Content-Language header) as BCP 47 tags. */
public final class LanguageTag {

  private LanguageTag() {}

  /**
   * The well-formed BCP 47 form of a declared language ({@code EN_us} becomes {@code en-US}), or
   * null.
   */
  public static String of(String declared) {
    if (declared == null || declared.isBlank()) {
      return null;
    }
    try {
      String tag =
          new Locale.Builder()
              .setLanguageTag(declared.strip().replace('_', '-'))
              .build()
              .toLanguageTag();
      return tag.isEmpty() || tag.equals("und") ? null : tag;
    } catch (IllformedLocaleException e) {
      // A malformed declaration says nothing reliable about the language.
      return null;
    }
  }

  /** The first language of a Content-Language header ({@code de, en} is German), or null. */
  public static String ofHeader(String contentLanguage) {
    if (contentLanguage == null) {
      return null;
    }
    int comma = contentLanguage.indexOf(',');
    return of(comma < 0 ? contentLanguage : contentLanguage.substring(0, comma));
  }
}
