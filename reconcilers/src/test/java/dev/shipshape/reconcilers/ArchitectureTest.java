package dev.shipshape.reconcilers;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules reconcilers/ keeps (issue 15): it changes the host (Docker, files, downloads) for one
 * action at a time and knows nothing of how the controller is wired, driven or served. Production
 * classes only.
 */
class ArchitectureTest {
    private static final JavaClasses RECONCILERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shipshape.reconcilers");

    @Test
    void knowsNoGuiceCliHttpServerOrController() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.shipshape.reconcilers..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.google.inject..", "picocli..", "com.sun.net.httpserver..", "dev.shipshape.controller..")
                .because("the controller wires the reconcilers with Guice, parses the command line with picocli "
                        + "and serves HTTP; the module arrows run controller -> reconcilers -> model");
        rule.check(RECONCILERS);
    }

    @Test
    void hasNoPackageCycles() {
        ArchRule rule = slices()
                .matching("dev.shipshape.(**)")
                .should().beFreeOfCycles();
        rule.check(RECONCILERS);
    }

    @Test
    void theServiceReconcilersReachContainersOnlyThroughTheRuntimeSeam() {
        ArchRule rule = noClasses()
                .that().resideInAnyPackage("dev.shipshape.reconcilers.containers..", "dev.shipshape.reconcilers.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "dev.shipshape.reconcilers.docker..")
                .because("a second runtime (Swarm) is a new implementation of ContainerRuntime, not conditionals in the "
                        + "reconcilers; docker-java stays in reconcilers.docker");
        rule.check(RECONCILERS);
    }
}
