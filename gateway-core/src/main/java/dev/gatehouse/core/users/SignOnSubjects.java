package dev.gatehouse.core.users;

import dev.gatehouse.core.jpa.ConsoleUserSubjectEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.store.RequestRejected;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Which console user an identity-provider account signs on as. A provider's user name and e-mail claims can change
 * hands (an account renamed, a name given to a newcomer after its holder left); its {@code sub} never does. So the
 * first single sign-on of a name binds that name to the account's issuer and subject, and from then on the account
 * signs on as that user whatever name it carries, and no other account signs on under that name.
 */
public final class SignOnSubjects {
    private final Transactions tx;
    private final Clock clock;

    public SignOnSubjects(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * The console user the account {@code subject} of {@code issuer} signs on as: the one it is bound to, else
     * {@code claimedName}. Refused (conflict) when {@code claimedName} is bound to another account of this issuer.
     * Binds nothing: {@link #bind} does, once the sign-on was accepted.
     */
    public String accountFor(String issuer, String subject, String claimedName) {
        ConsoleUserSubjectEntity bound = tx.read(em -> em.find(ConsoleUserSubjectEntity.class, key(issuer, subject)));
        if (bound != null) {
            return bound.userName();
        }
        refuseIfTaken(boundTo(issuer, claimedName), claimedName);
        return claimedName;
    }

    /** Binds {@code name} to the account, if it is not bound yet; refused when another account took the name meanwhile. */
    public void bind(String issuer, String subject, String name) {
        String key = key(issuer, subject);
        try {
            tx.inTransaction(em -> {
                if (em.find(ConsoleUserSubjectEntity.class, key) == null) {
                    refuseIfTaken(boundTo(issuer, name), name);
                    em.persist(new ConsoleUserSubjectEntity(key, issuer, subject, name, clock.instant()));
                }
                return null;
            });
        } catch (RequestRejected e) {
            throw e;
        } catch (RuntimeException raced) {
            // another sign-on bound this account or this name at the same moment (a unique key): what it stored decides
            if (tx.read(em -> em.find(ConsoleUserSubjectEntity.class, key)) == null) {
                refuseIfTaken(boundTo(issuer, name), name);
                throw raced;
            }
        }
    }

    private List<ConsoleUserSubjectEntity> boundTo(String issuer, String name) {
        return tx.read(em -> em.createNamedQuery("ConsoleUserSubject.ofUser", ConsoleUserSubjectEntity.class)
                .setParameter("issuer", issuer).setParameter("user", name.toLowerCase(Locale.ROOT)).getResultList());
    }

    private static void refuseIfTaken(List<ConsoleUserSubjectEntity> bindings, String name) {
        if (!bindings.isEmpty()) {
            throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + name + "' belongs to another account at the"
                    + " identity provider (a different subject): an administrator must remove that user before this"
                    + " account can use the name");
        }
    }

    private static String key(String issuer, String subject) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((issuer + "\n" + subject).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
