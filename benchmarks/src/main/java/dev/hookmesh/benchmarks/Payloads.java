package dev.hookmesh.benchmarks;

/** Realistic webhook bodies of a given size, shared by the benchmarks. */
final class Payloads {

  private Payloads() {}

  /** A JSON event padded with line items to exactly {@code size} bytes of ASCII. */
  static String json(int size) {
    StringBuilder json = new StringBuilder(size)
        .append("{\"type\":\"invoice.paid\",\"timestamp\":\"2026-11-23T08:00:00Z\",\"data\":{")
        .append("\"id\":\"in_1QmXv2Lk\",\"customer\":\"cus_R4nd0m\",\"currency\":\"eur\",\"lines\":[");
    int item = 0;
    while (json.length() < size - 64) {
      json.append(item == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(1000 + item)
          .append("\",\"qty\":").append(item % 7 + 1).append('}');
      item++;
    }
    json.append("],\"note\":\"");
    while (json.length() < size - 3) {
      json.append('x');
    }
    return json.append("\"}}").toString();
  }
}
