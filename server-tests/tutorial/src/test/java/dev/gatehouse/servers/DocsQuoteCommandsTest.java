package dev.gatehouse.servers;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy docs quote each command file of {@code docs/commands/} whole, as a fenced block: the server
 * tests run the file, so what an admin copies from the page is what was tested.
 */
class DocsQuoteCommandsTest {
    @Test
    void deployDocsWhenReadThenEachQuotesTheCommandFilesItNamesVerbatim() throws Exception {
        for (String doc : List.of("deploy-wildfly.md", "deploy-payara.md")) {
            String page = Files.readString(DocumentedCommands.docs().resolve(doc), StandardCharsets.UTF_8);
            for (String command : List.of("first-run-demo.sh")) {
                assertTrue(page.contains("```\n" + DocumentedCommands.text(command) + "```\n"),
                        doc + " does not quote docs/commands/" + command + " as it is");
            }
        }
    }

    @Test
    void commandFilesWhenListedThenEachIsQuotedBySomeDeployDoc() throws Exception {
        String pages = Files.readString(DocumentedCommands.docs().resolve("deploy-wildfly.md"))
                + Files.readString(DocumentedCommands.docs().resolve("deploy-payara.md"))
                + Files.readString(DocumentedCommands.docs().resolve("cluster.md"));
        try (var files = Files.list(DocumentedCommands.docs().resolve("commands"))) {
            for (Path file : files.toList()) {
                assertTrue(pages.contains("```\n" + Files.readString(file) + "```\n"), file + " is quoted by no doc");
            }
        }
    }
}
