package dev.gatehouse.it;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The EAR an application server receives: both WARs at their context roots, one core library (with
 * the one JTA persistence unit) in lib/, and no second copy of the core inside a WAR. The optional
 * {@code gatehouse-with-root.ear} is the same plus the root helper at "/", which the plain EAR leaves free.
 */
class EarPackagingTest {
    private final Path ear = Path.of(System.getProperty("gatehouse.ear", "../ear/target/gatehouse.ear"));
    private final Path earWithRoot = Path.of(System.getProperty("gatehouse.ear-with-root", "../ear/target/gatehouse-with-root.ear"));

    @Test
    void plainEarLeavesTheServersRootAlone() throws IOException {
        try (ZipFile zip = new ZipFile(ear.toFile())) {
            String app = text(zip, "META-INF/application.xml");
            assertTrue(!app.contains("gatehouse-root.war") && !app.contains("<context-root>/</context-root>"), app);
            assertTrue(names(zip).stream().noneMatch(n -> n.contains("root-helper") || n.contains("gatehouse-root")),
                    names(zip).toString());
        }
    }

    @Test
    void earWithRootDeploysTheRootHelperAtSlashBesideBothWars() throws IOException {
        try (ZipFile zip = new ZipFile(earWithRoot.toFile())) {
            String app = text(zip, "META-INF/application.xml");
            assertTrue(app.contains("<web-uri>gatehouse.war</web-uri>") && app.contains("<context-root>/gatehouse</context-root>"), app);
            assertTrue(app.contains("<web-uri>gatehouse-admin.war</web-uri>") && app.contains("<context-root>/gatehouse-admin</context-root>"), app);
            assertTrue(app.contains("<web-uri>gatehouse-root.war</web-uri>") && app.contains("<context-root>/</context-root>"), app);
            assertTrue(app.contains("<initialize-in-order>true</initialize-in-order>"), app);
            List<String> root = nestedNames(zip, "gatehouse-root.war");
            assertTrue(root.contains("WEB-INF/classes/dev/gatehouse/root/WellKnownRedirects.class"), root.toString());
            String web = textInNested(zip, "gatehouse-root.war", "WEB-INF/web.xml");
            assertTrue(web.contains("<param-value>/gatehouse</param-value>"), "the helper redirects into the gateway WAR's context: " + web);
            assertTrue(root.stream().noneMatch(n -> n.startsWith("WEB-INF/lib/")), "the helper needs no library: " + root);
        }
    }

    @Test
    void earWithRootSharesTheSameLibrariesAndSkinnyWarsAsThePlainEar() throws IOException {
        try (ZipFile plain = new ZipFile(ear.toFile()); ZipFile withRoot = new ZipFile(earWithRoot.toFile())) {
            List<String> plainLib = names(plain).stream().filter(n -> n.startsWith("lib/")).sorted().toList();
            List<String> rootLib = names(withRoot).stream().filter(n -> n.startsWith("lib/")).sorted().toList();
            assertEquals(plainLib, rootLib);
            assertEquals(1, rootLib.stream().filter(n -> n.startsWith("lib/gateway-core")).count(), rootLib.toString());
            for (String war : List.of("gatehouse.war", "gatehouse-admin.war")) {
                assertEquals(nestedNames(plain, war), nestedNames(withRoot, war), war);
                assertTrue(nestedNames(withRoot, war).stream().noneMatch(n -> n.startsWith("WEB-INF/lib/gateway-core")),
                        war + " is skinny");
            }
        }
    }

    @Test
    void applicationXmlDeploysBothWarsAtTheirContextRoots() throws IOException {
        try (ZipFile zip = new ZipFile(ear.toFile())) {
            String app = text(zip, "META-INF/application.xml");
            assertTrue(app.contains("<web-uri>gatehouse.war</web-uri>") && app.contains("<context-root>/gatehouse</context-root>"), app);
            assertTrue(app.contains("<web-uri>gatehouse-admin.war</web-uri>") && app.contains("<context-root>/gatehouse-admin</context-root>"), app);
        }
    }

    @Test
    void coreWithItsJtaPersistenceUnitIsInLibOnce() throws IOException {
        try (ZipFile zip = new ZipFile(ear.toFile())) {
            List<String> cores = names(zip).stream().filter(n -> n.startsWith("lib/gateway-core")).toList();
            assertEquals(1, cores.size(), cores.toString());
            String persistence = textInNested(zip, cores.get(0), "META-INF/persistence.xml");
            assertTrue(persistence.contains("<persistence-unit name=\"gatehouse\" transaction-type=\"JTA\">"), persistence);
            for (String war : List.of("gatehouse.war", "gatehouse-admin.war")) {
                List<String> inside = nestedNames(zip, war);
                assertTrue(inside.contains("WEB-INF/web.xml"), war);
                assertTrue(inside.stream().noneMatch(n -> n.startsWith("WEB-INF/lib/gateway-core")), war + " is skinny");
            }
        }
    }

    @Test
    void eclipseLinkTravelsInLibForWildFlyWithoutASecondJpaApi() throws IOException {
        try (ZipFile zip = new ZipFile(ear.toFile())) {
            List<String> names = names(zip);
            for (String jar : List.of("lib/org.eclipse.persistence.jpa-", "lib/org.eclipse.persistence.core-",
                    "lib/org.eclipse.persistence.asm-", "lib/org.eclipse.persistence.jpa.jpql-")) {
                assertEquals(1, names.stream().filter(n -> n.startsWith(jar)).count(), jar + " in " + names);
            }
            assertTrue(names.stream().noneMatch(n -> n.contains("jakarta.persistence-api")), "the server provides the JPA API: " + names);
            String persistence = textInNested(zip, names.stream().filter(n -> n.startsWith("lib/gateway-core")).findFirst().orElseThrow(),
                    "META-INF/persistence.xml");
            assertTrue(persistence.contains("<property name=\"jboss.as.jpa.providerModule\" value=\"application\"/>"), persistence);
            assertTrue(!persistence.contains("eclipselink.target-server"), "a fixed target server would break Payara: " + persistence);
            for (String war : List.of("gatehouse.war", "gatehouse-admin.war")) {
                assertTrue(nestedNames(zip, war).stream().noneMatch(n -> n.contains("org.eclipse.persistence")), war + " is skinny");
            }
        }
    }

    private static List<String> names(ZipFile zip) {
        List<String> names = new ArrayList<>();
        zip.stream().forEach(e -> names.add(e.getName()));
        return names;
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        assertNotNull(e, name);
        return new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static List<String> nestedNames(ZipFile zip, String nested) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getInputStream(zip.getEntry(nested)).readAllBytes()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static String textInNested(ZipFile zip, String nested, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getInputStream(zip.getEntry(nested)).readAllBytes()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " not in " + nested);
    }
}
