package io.fluvius.media.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every job of the product lists the lease listener ({@code executionLease}) at job level: an execution without a
 * lease would be taken for dead, and marked FAILED, one lease period after it began.
 */
class JobXmlsTest {

    private static final Path JOBS = Path.of("src/main/resources/META-INF/batch-jobs");

    @Test
    void everyJobListsTheLeaseListener() throws Exception {
        List<Path> xmls = jobXmls();
        assertFalse(xmls.isEmpty(), "no job XML under " + JOBS.toAbsolutePath());
        var without = new ArrayList<String>();
        for (Path xml : xmls) {
            if (!listsLeaseListener(xml)) {
                without.add(xml.getFileName().toString());
            }
        }
        assertEquals(List.of(), without, "job XMLs without <listeners><listener ref=\"executionLease\"/></listeners>"
                + " directly under <job>");
    }

    @Test
    void everyJobOfTheCatalogHasItsXmlAndNoOtherIsThere() throws IOException {
        var names = jobXmls().stream().map(p -> p.getFileName().toString().replace(".xml", "")).sorted().toList();
        assertEquals(JobCatalog.JOB_NAMES.stream().sorted().toList(), names);
    }

    private static List<Path> jobXmls() throws IOException {
        try (Stream<Path> files = Files.list(JOBS)) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static boolean listsLeaseListener(Path xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(xml.toFile());
        NodeList children = document.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element listeners && "listeners".equals(listeners.getLocalName())) {
                NodeList each = listeners.getElementsByTagNameNS("*", "listener");
                for (int j = 0; j < each.getLength(); j++) {
                    if ("executionLease".equals(((Element) each.item(j)).getAttribute("ref"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
