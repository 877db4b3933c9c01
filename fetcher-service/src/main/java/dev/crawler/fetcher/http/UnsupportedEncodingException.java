package dev.crawler.fetcher.http;

/** A response in a content coding the fetcher neither asked for nor can decode. */
public final class UnsupportedEncodingException extends Exception {

  public UnsupportedEncodingException(String encoding) {
    super("unsupported content-encoding " + encoding);
  }
}
