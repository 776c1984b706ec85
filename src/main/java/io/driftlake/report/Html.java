package io.driftlake.report;

/** Text into HTML: escaping, and element ids from column names. */
final class Html {
  private Html() {}

  /** HTML-escapes text for element content and attribute values. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String anchor(String column) {
    StringBuilder id = new StringBuilder("f-");
    for (char c : column.toCharArray()) {
      id.append(Character.isLetterOrDigit(c) && c < 128 ? String.valueOf(c) : "_" + Integer.toHexString(c));
    }
    return id.toString();
  }
}
