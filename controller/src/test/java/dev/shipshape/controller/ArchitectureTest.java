package dev.shipshape.controller;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules across the whole code base (issue 15): the controller module sees model, reconcilers and
 * itself on its class path, so it checks what no single module can. Production classes only.
 */
class ArchitectureTest {
    private static final JavaClasses SHIPSHAPE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shipshape");

    @Test
    void packagesAreFreeOfCycles() {
        ArchRule rule = slices()
                .matching("dev.shipshape.(**)")
                .namingSlices("package dev.shipshape.$1")
                .should().beFreeOfCycles()
                .because("a package depends on the packages below it and is used by those above it; a type both "
                        + "need belongs to the lower one, or the lower one owns an interface the upper implements");
        rule.check(SHIPSHAPE);
    }

    @Test
    void moduleArrowsRunControllerToReconcilersToModel() {
        ArchRule rule = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("controller").definedBy("dev.shipshape.controller..")
                .layer("reconcilers").definedBy("dev.shipshape.reconcilers..")
                .layer("model").definedBy("dev.shipshape.model..")
                .whereLayer("controller").mayNotBeAccessedByAnyLayer()
                .whereLayer("reconcilers").mayOnlyBeAccessedByLayers("controller")
                .whereLayer("model").mayOnlyBeAccessedByLayers("reconcilers", "controller")
                .because("the modules build in that order: model is the vocabulary and the planner, reconcilers "
                        + "act on the host with it, and the controller drives both (it may use model directly)");
        rule.check(SHIPSHAPE);
    }

    @Test
    void everyModuleIsOnTheClassPath() {
        // guards the rules above against passing on an import that misses a module
        assertThat(SHIPSHAPE.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
                .containsExactlyInAnyOrder("model", "reconcilers", "controller");
    }
}
