package dev.gatehouse.launcher;

import dev.gatehouse.core.users.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminAccountsTest {
    @Test
    void firstStartGeneratesAPasswordStoredOnlyAsAHash(@TempDir Path data) throws Exception {
        AdminAccounts first = AdminAccounts.open(data, Optional.empty());
        assertEquals(AdminAccounts.PasswordSource.GENERATED, first.passwordSource());
        String password = first.generatedPassword().orElseThrow();
        assertEquals(20, password.length());
        assertFalse(Files.readString(first.file()).contains(password));
        assertTrue(PasswordHash.verify(password.toCharArray(), first.account("admin").orElseThrow().passwordHash()));
        assertEquals(List.of("gatehouse-admin"), first.account("admin").orElseThrow().roles());

        AdminAccounts second = AdminAccounts.open(data, Optional.empty());
        assertEquals(AdminAccounts.PasswordSource.STORED, second.passwordSource());
        assertTrue(second.generatedPassword().isEmpty());
    }

    @Test
    void environmentPasswordReplacesTheStoredOneAndKeepsTheRoles(@TempDir Path data) {
        AdminAccounts.open(data, Optional.empty());
        AdminAccounts fromEnv = AdminAccounts.open(data, Optional.of("s3cret-from-env"));
        assertEquals(AdminAccounts.PasswordSource.ENVIRONMENT, fromEnv.passwordSource());
        String hash = fromEnv.account("admin").orElseThrow().passwordHash();
        assertTrue(PasswordHash.verify("s3cret-from-env".toCharArray(), hash));
        assertFalse(PasswordHash.verify("other".toCharArray(), hash));
    }

    @Test
    void environmentPasswordShorterThanTwelveCharactersIsRefused(@TempDir Path data) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AdminAccounts.open(data, Optional.of("short-pw")));
        assertTrue(e.getMessage().startsWith("GATEHOUSE_ADMIN_PASSWORD is too short: an admin password needs at least"
                + " 12 characters, this one has 8"), e.getMessage());
        assertFalse(e.getMessage().contains("short-pw"), "the password is never echoed");
        assertFalse(Files.exists(data.resolve(AdminAccounts.FILE_NAME)));
        // twelve characters in any script
        AdminAccounts.open(data, Optional.of("密码密码密码密码密码密码"));
    }

    @Test
    void malformedHashesNeverMatch() {
        assertFalse(PasswordHash.verify("x".toCharArray(), null));
        assertFalse(PasswordHash.verify("x".toCharArray(), "plain"));
        assertFalse(PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$0$AAAA$AAAA"));
        assertFalse(PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$abc$!!$!!"));
    }
}
