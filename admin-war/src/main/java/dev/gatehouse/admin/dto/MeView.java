package dev.gatehouse.admin.dto;

import java.util.List;

/** Who the caller is and what they may do, so a console shows only what will work. */
public record MeView(String user, List<String> capabilities) {
}
