package dev.gatehouse.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Fuzz target for the API token parser: whatever the string, {@code ApiTokenFormat.parse} never throws,
 * and it accepts a string only when it has the exact shape (prefix, lengths, alphabet) and checksum; a
 * real token with any single character changed is refused (the checksum catches every one-character typo).
 */
public final class TokenFuzzer {
    private static final ApiTokenFormat FORMAT = new ApiTokenFormat(new SecureRandom(new byte[]{1}));
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private TokenFuzzer() {
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            arbitrary(data.consumeRemainingAsString());
        } else {
            typo(data);
        }
    }

    static void arbitrary(String candidate) {
        Optional<ParsedToken> parsed = ApiTokenFormat.parse(candidate);
        if (parsed.isPresent()) {
            String t = parsed.get().value();
            if (!t.equals(candidate) || t.length() != ApiTokenFormat.LENGTH || !t.startsWith(ApiTokenFormat.PREFIX)
                    || !t.chars().allMatch(c -> c == '_' || ALPHABET.indexOf(c) >= 0)
                    || !parsed.get().publicId().equals(t.substring(4, 12))) {
                throw new AssertionError("accepted a token of the wrong shape: " + candidate);
            }
            if (parsed.get().toString().contains(t.substring(13))) {
                throw new AssertionError("toString shows the secret");
            }
        }
    }

    /** A real token with one character replaced, inserted or deleted is always refused. */
    static void typo(FuzzedDataProvider data) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < ApiTokenFormat.PUBLIC_ID_LENGTH; i++) {
            id.append(ALPHABET.charAt(data.consumeInt(0, ALPHABET.length() - 1)));
        }
        String token = FORMAT.newToken(id.toString());
        if (ApiTokenFormat.parse(token).isEmpty()) {
            throw new AssertionError("a fresh token was refused: " + token);
        }
        int at = data.consumeInt(0, token.length() - 1);
        String changed = switch (data.consumeInt(0, 2)) {
            case 0 -> {
                char c = data.consumeChar();
                yield c == token.charAt(at) ? null : token.substring(0, at) + c + token.substring(at + 1);
            }
            case 1 -> token.substring(0, at) + data.consumeChar() + token.substring(at);
            default -> token.substring(0, at) + token.substring(at + 1);
        };
        if (changed != null && ApiTokenFormat.parse(changed).isPresent()) {
            throw new AssertionError("a one-character typo passed the checksum: " + changed);
        }
    }
}
