package dev.basalt;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction: adapters → core → util; nothing in the core knows an adapter. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.basalt");
    static final String[] CORE = {"dev.basalt.collections..", "dev.basalt.records..", "dev.basalt.rules..", "dev.basalt.store..",
            "dev.basalt.auth..", "dev.basalt.settings..", "dev.basalt.error..", "dev.basalt.util.."};

    @Test
    void coreDoesNotDependOnAdaptersOrApp() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("dev.basalt.rest..", "dev.basalt.app..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotUseTheHttpFramework() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..", "org.eclipse.jetty..")
                .check(CLASSES);
    }

    @Test
    void utilDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.basalt.util..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.basalt.collections..", "dev.basalt.records..",
                        "dev.basalt.rules..", "dev.basalt.store..", "dev.basalt.auth..", "dev.basalt.settings..",
                        "dev.basalt.error..", "dev.basalt.rest..", "dev.basalt.app..")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotWriteSql() {
        noClasses().that().resideInAPackage("dev.basalt.rest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "dev.basalt.store..")
                .check(CLASSES);
    }
}
