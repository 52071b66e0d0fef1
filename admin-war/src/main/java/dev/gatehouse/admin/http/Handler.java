package dev.gatehouse.admin.http;

/** One endpoint's logic: a request in, a reply value out. */
@FunctionalInterface
public interface Handler {
    Reply handle(ApiRequest request);
}
