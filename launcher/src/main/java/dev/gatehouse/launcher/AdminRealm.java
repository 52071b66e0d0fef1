package dev.gatehouse.launcher;

import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.security.RolePrincipal;
import org.eclipse.jetty.security.UserPrincipal;
import org.eclipse.jetty.util.security.Credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container realm ({@code gatehouse}) that the admin WAR's web.xml names, backed by
 * {@link AdminAccounts}. HTTP Basic sends the password on every request, so a successful PBKDF2
 * check is remembered as a keyed digest for the life of the process: a repeat login costs one SHA-256.
 */
final class AdminRealm extends AbstractLoginService {
    static final String REALM = "gatehouse";

    private final AdminAccounts accounts;
    private final byte[] processKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    AdminRealm(AdminAccounts accounts) {
        this.accounts = accounts;
        new SecureRandom().nextBytes(processKey);
        setName(REALM);
    }

    @Override
    protected UserPrincipal loadUserInfo(String username) {
        return accounts.account(username)
                .map(a -> new UserPrincipal(username, new HashedCredential(username, a.passwordHash())))
                .orElse(null);
    }

    @Override
    protected List<RolePrincipal> loadRoleInfo(UserPrincipal user) {
        return accounts.account(user.getName()).map(a -> a.roles().stream().map(RolePrincipal::new).toList())
                .orElse(List.of());
    }

    private byte[] digest(String user, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(processKey);
            md.update(user.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a presented password against the stored PBKDF2 hash (or the remembered digest of a past success). */
    private final class HashedCredential extends Credential {
        private final String user;
        private final transient String hash;

        HashedCredential(String user, String hash) {
            this.user = user;
            this.hash = hash;
        }

        @Override
        public boolean check(Object credentials) {
            String password = credentials instanceof char[] c ? new String(c)
                    : credentials instanceof String s ? s : null;
            if (password == null) {
                return false;
            }
            byte[] presented = digest(user, password);
            byte[] remembered = verified.get(user + "\u0000" + hash);
            if (remembered != null) {
                return MessageDigest.isEqual(remembered, presented);
            }
            if (PasswordHash.verify(password.toCharArray(), hash)) {
                verified.put(user + "\u0000" + hash, presented);
                return true;
            }
            return false;
        }
    }
}
