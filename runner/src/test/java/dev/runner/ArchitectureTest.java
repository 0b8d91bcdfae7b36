package dev.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.runner.archfixture.config.ImportsDl4j;
import dev.runner.archfixture.config.ImportsRun;
import dev.runner.archfixture.compare.ImportsReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the flow of one run, and each imports only those before it:
 * util ← config ← data ← model ← train ← results ← report ← run ← {compare, sweep, reproduce} ← cli.
 * DL4J and ND4J stay out of config, results, compare, sweep, reproduce and cli; compare reads run folders through
 * results alone. The rules are checked against the main classes, and against fixture classes that break them, so a
 * rule that could never fail would show here.
 */
class ArchitectureTest {
    /** In import order; siblings (compare, sweep, reproduce) share a level and do not import each other. */
    private static final List<List<String>> LEVELS = List.of(
            List.of("util"), List.of("config"), List.of("data"), List.of("model"), List.of("train"),
            List.of("results"), List.of("report"), List.of("run"), List.of("compare", "sweep", "reproduce"),
            List.of("cli"));
    private static final List<String> DL4J_FREE = List.of("config", "results", "compare", "sweep", "reproduce",
            "cli");

    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.runner");
    }

    static List<ArchRule> rules(String root) {
        List<ArchRule> rules = new ArrayList<>();
        for (int level = 0; level < LEVELS.size(); level++) {
            for (String pkg : LEVELS.get(level)) {
                List<String> forbidden = new ArrayList<>();
                for (int later = level; later < LEVELS.size(); later++) {
                    for (String other : LEVELS.get(later)) {
                        if (!other.equals(pkg)) forbidden.add(root + "." + other + "..");
                    }
                }
                rules.add(noClasses().that().resideInAPackage(root + "." + pkg + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                        .because(pkg + " imports only the packages before it in the flow of a run")
                        .allowEmptyShould(true));
            }
        }
        for (String pkg : DL4J_FREE) {
            rules.add(noClasses().that().resideInAPackage(root + "." + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                    .because(pkg + " must not need DL4J or ND4J").allowEmptyShould(true));
        }
        rules.add(noClasses().that().resideInAPackage(root + ".compare..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".data..", root + ".model..",
                        root + ".train..", root + ".report..", root + ".run..")
                .because("compare reads run folders only through results").allowEmptyShould(true));
        return rules;
    }

    @Test
    void mainClassesKeepTheImportOrder() {
        List<String> violations = new ArrayList<>();
        for (ArchRule rule : rules("dev.runner")) {
            EvaluationResult result = rule.evaluate(main);
            if (result.hasViolation()) violations.addAll(result.getFailureReport().getDetails());
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void theRulesCatchAForbiddenImport() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(ImportsDl4j.class, ImportsRun.class,
                ImportsReport.class);
        List<String> broken = new ArrayList<>();
        for (ArchRule rule : rules("dev.runner.archfixture")) {
            EvaluationResult result = rule.evaluate(fixtures);
            if (result.hasViolation()) broken.add(rule.getDescription());
        }
        assertTrue(broken.stream().anyMatch(d -> d.contains("config must not need DL4J")), broken.toString());
        assertTrue(broken.stream().anyMatch(d -> d.contains("config imports only the packages before it")),
                broken.toString());
        assertTrue(broken.stream().anyMatch(d -> d.contains("compare reads run folders only through results")),
                broken.toString());
        assertFalse(broken.stream().anyMatch(d -> d.startsWith("no classes that reside in a package "
                + "'dev.runner.archfixture.util")), broken.toString());
    }
}
