package dev.gatehouse.servers;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy docs quote each command file of {@code docs/commands/} whole, as a fenced block: the server
 * tests run the file, so what an admin copies from the page is what was tested.
 */
class DocsQuoteCommandsTest {
    /** Which doc quotes which command files (the server tests run each). */
    private static final Map<String, List<String>> QUOTED = Map.of(
            "deploy-wildfly.md", List.of("first-run-demo.sh", "wildfly-postgresql.sh", "wildfly-oidc.sh"),
            "deploy-payara.md", List.of("first-run-demo.sh", "payara-keys.sh", "payara-postgresql.sh", "payara-micro-tryout.sh", "payara-oidc.sh"),
            "cluster.md", List.of("migrate-postgresql.sh", "rekey.sh"),
            "../README.md", List.of("tutorial.sh"));

    @Test
    void deployDocsWhenReadThenEachQuotesTheCommandFilesItNamesVerbatim() throws Exception {
        for (var quoted : QUOTED.entrySet()) {
            String doc = quoted.getKey();
            String page = Files.readString(DocumentedCommands.docs().resolve(doc), StandardCharsets.UTF_8);
            for (String command : quoted.getValue()) {
                assertTrue(page.contains("```\n" + DocumentedCommands.text(command) + "```\n"),
                        doc + " does not quote docs/commands/" + command + " as it is");
            }
        }
    }

    /**
     * Every shell block in {@code docs/commands/} is quoted whole by some doc (or the README, for the tutorial). Other files there (the rsyslog
     * configurations of operations.md) are quoted and run by their own tests.
     */
    @Test
    void commandFilesWhenListedThenEachShellBlockIsQuotedBySomeDoc() throws Exception {
        StringBuilder pages = new StringBuilder();
        try (var docs = Files.list(DocumentedCommands.docs())) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                pages.append(Files.readString(doc, StandardCharsets.UTF_8));
            }
        }
        pages.append(Files.readString(DocumentedCommands.docs().resolve("../README.md"), StandardCharsets.UTF_8));
        try (var files = Files.list(DocumentedCommands.docs().resolve("commands"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".sh")).toList()) {
                assertTrue(pages.toString().contains("```\n" + Files.readString(file) + "```\n"), file + " is quoted by no doc");
            }
        }
    }
}
