package dev.crawler.parser.fingerprint;

/**
 * The fingerprints of a document's text.
 *
 * @param contentHash the hex SHA-256 of the lower-cased, whitespace-normalised text: equal for
 *     exact duplicates
 * @param simhash a 64-bit SimHash over word shingles: near-duplicates differ in few bits (see
 *     {@link SimHash#distance(long, long)})
 */
public record ContentFingerprint(String contentHash, long simhash) {}
