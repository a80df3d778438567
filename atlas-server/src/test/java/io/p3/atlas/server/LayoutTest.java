package io.p3.atlas.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The layout the README describes, checked on the compiled main classes: every package is a feature or a
 * shared package; no package cycle; features never import each other (they meet in the composition root);
 * shared packages never import a feature; proto types stay at the transport edge; no two classes share a
 * simple name.
 */
class LayoutTest {
    static final String ROOT = "io.p3.atlas.server";
    /** One folder each: gRPC adapter, rules, store, mappers. */
    static final List<String> FEATURES = List.of("node", "catalog", "content", "relay", "analytics", "network");
    /** Used by features, never using them. */
    static final List<String> SHARED = List.of("config", "persistence", "upstream", "blob", "batch", "paging",
            "error", "grpc", "fields", "feature", "auth", "ratelimit", "console", "notify", "resilience");

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    static String[] packagesOf(List<String> names) {
        return names.stream().map(n -> ROOT + "." + n + "..").toArray(String[]::new);
    }

    @Test
    void everyPackageIsAFeatureOrShared() {
        Set<String> unknown = new TreeSet<>();
        for (JavaClass c : MAIN) {
            String pkg = c.getPackageName();
            if (pkg.equals(ROOT)) {
                continue; // the composition root and Main
            }
            String top = pkg.substring(ROOT.length() + 1).split("\\.")[0];
            if (!FEATURES.contains(top) && !SHARED.contains(top)) {
                unknown.add(pkg);
            }
        }
        assertTrue(MAIN.size() > 100, "imported the main classes: " + MAIN.size());
        assertEquals(Set.of(), unknown, "classify each new package in LayoutTest (and the README's layout)");
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void featuresNeverImportEachOther() {
        for (String feature : FEATURES) {
            List<String> others = FEATURES.stream().filter(f -> !f.equals(feature)).toList();
            noClasses().that().resideInAPackage(ROOT + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(packagesOf(others))
                    .orShould().dependOnClassesThat().resideInAPackage(ROOT)
                    .because("features meet through small interfaces wired in the composition root")
                    .check(MAIN);
        }
    }

    @Test
    void sharedPackagesNeverImportFeatures() {
        noClasses().that().resideInAnyPackage(packagesOf(SHARED))
                .should().dependOnClassesThat().resideInAnyPackage(packagesOf(FEATURES))
                .orShould().dependOnClassesThat().resideInAPackage(ROOT)
                .check(MAIN);
    }

    @Test
    void protoTypesStayAtTheTransportEdge() {
        noClasses().that().haveSimpleNameEndingWith("Store").or().haveSimpleNameEndingWith("Mapper")
                .or().haveSimpleNameStartingWith("MyBatis")
                .should().dependOnClassesThat().resideInAPackage("io.p3.atlas.v1..")
                .because("stores, mappers and domain records use domain types")
                .check(MAIN);
    }

    @Test
    void noTwoClassesShareASimpleName() {
        Map<String, Set<String>> byName = MAIN.stream()
                .filter(c -> c.getEnclosingClass().isEmpty() && !c.isAnonymousClass())
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
                        Collectors.mapping(JavaClass::getName, Collectors.toCollection(TreeSet::new))));
        byName.values().removeIf(names -> names.size() < 2);
        assertEquals(Map.of(), byName);
    }
}
