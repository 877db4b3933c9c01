package dev.crawler.testsupport.web;

import java.nio.charset.Charset;
import java.util.List;

/**
 * A page in one of the web's legacy encodings that declares none (no BOM, header or {@code
 * <meta>}), as old sites in Japan, China, Taiwan, Korea, Russia and central Europe still serve
 * them: a few sentences of real prose, and one word of it that a reader would search for.
 *
 * @param encoding the bytes' encoding
 * @param text the prose
 * @param word a word of the prose, as a search box would get it
 */
public record UndeclaredCharsetPage(Charset encoding, String text, String word) {

  public static final List<UndeclaredCharsetPage> ALL =
      List.of(
          new UndeclaredCharsetPage(
              Charset.forName("Shift_JIS"),
              "東京は日本の首都であり、世界で最も人口の多い都市圏の一つです。江戸時代には将軍の城下町として栄え、"
                  + "明治維新の後に天皇が京都から移りました。現在は政治、経済、文化の中心地として多くの人々が暮らしています。",
              "城下町"),
          new UndeclaredCharsetPage(
              Charset.forName("EUC-JP"),
              "富士山は静岡県と山梨県にまたがる活火山で、標高は三千七百七十六メートルです。古くから信仰の対象とされ、"
                  + "多くの芸術作品に描かれてきました。夏には大勢の登山者が山頂を目指します。",
              "富士山"),
          new UndeclaredCharsetPage(
              Charset.forName("GBK"),
              "长城是中国古代的军事防御工程，东起山海关，西至嘉峪关，全长两万多公里。它修建的历史可以上溯到西周时期，"
                  + "秦始皇统一中国以后把各国的城墙连接起来。今天长城已经成为世界文化遗产，每年吸引大量的游客前来参观。",
              "嘉峪关"),
          new UndeclaredCharsetPage(
              Charset.forName("Big5"),
              "台北是臺灣的政治與經濟中心，位於臺北盆地之中。這座城市擁有許多歷史悠久的廟宇、熱鬧的夜市以及現代化的"
                  + "摩天大樓。每年都有成千上萬的旅客來到這裡品嚐美食，欣賞風景。",
              "夜市"),
          new UndeclaredCharsetPage(
              Charset.forName("EUC-KR"),
              "서울은 대한민국의 수도이며 한강을 따라 펼쳐진 큰 도시입니다. 조선 시대부터 나라의 중심이었고 지금은 "
                  + "천만 명에 가까운 사람들이 살고 있습니다. 경복궁과 남산 타워는 많은 관광객이 찾는 명소입니다.",
              "한강을"),
          new UndeclaredCharsetPage(
              Charset.forName("KOI8-R"),
              "Москва является столицей России и крупнейшим городом страны. Город расположен на реке "
                  + "Москве в центре Восточно-Европейской равнины. В Москве находятся Кремль, Красная "
                  + "площадь и многие известные музеи и театры.",
              "Кремль"),
          new UndeclaredCharsetPage(
              Charset.forName("windows-1251"),
              "Санкт-Петербург был основан Петром Первым в тысяча семьсот третьем году на берегах "
                  + "Невы. Долгое время он оставался столицей Российской империи. Сегодня город "
                  + "славится своими дворцами, мостами и белыми ночами.",
              "дворцами"),
          new UndeclaredCharsetPage(
              Charset.forName("ISO-8859-2"),
              "Kraków jest jednym z najstarszych miast w Polsce i przez wieki był siedzibą królów. "
                  + "Na Wawelu znajduje się zamek królewski oraz katedra, w której koronowano "
                  + "władców. Stare Miasto z Rynkiem Głównym zostało wpisane na listę światowego "
                  + "dziedzictwa.",
              "królewski"),
          new UndeclaredCharsetPage(
              Charset.forName("UTF-8"),
              "Die Universität Zürich ist die größte Hochschule der Schweiz. Ihre Bibliothek "
                  + "sammelt Bücher in vielen Sprachen: Ελληνικά, Русский, 日本語 und 한국어 stehen "
                  + "dort nebeneinander im selben Regal.",
              "Universität"));

  /** The page as served: HTML with a title and the prose, encoded and declaring nothing. */
  public byte[] body() {
    if (!encoding.newEncoder().canEncode(text)) {
      throw new IllegalStateException(encoding + " cannot encode the text of its page");
    }
    return ("<!DOCTYPE html>\n<html><head><title>"
            + text.substring(0, 6)
            + "</title></head>\n<body><main><p>"
            + text
            + "</p></main></body></html>\n")
        .getBytes(encoding);
  }

  /** A URL of its own, e.g. {@code https://pages.example/shift_jis}. */
  public String url() {
    return "https://pages.example/" + encoding.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The encoding's name, which names a parameterised test's case. */
  @Override
  public String toString() {
    return encoding.name();
  }
}
