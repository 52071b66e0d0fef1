package dev.gatehouse.admin.dto;

import java.util.List;

/** What a gateway publishes of one kind of a server's items: {@code all}, {@code none}, or {@code selected} ones. */
public record ExposureView(String mode, List<String> allow) {
}
