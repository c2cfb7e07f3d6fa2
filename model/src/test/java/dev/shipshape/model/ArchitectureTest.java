package dev.shipshape.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules model/ keeps (issue 15): it is the vocabulary and the planner, so it does no I/O and
 * knows neither Docker nor Guice, nor the modules above it. Production classes only.
 */
class ArchitectureTest {
    private static final JavaClasses MODEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shipshape.model");

    @Test
    void knowsNeitherDockerNorGuiceNorTheModulesAbove() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.shipshape.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.github.dockerjava..",
                        "com.google.inject..", "jakarta.inject..", "javax.inject..",
                        "picocli..", "com.sun.net.httpserver..",
                        "dev.shipshape.reconcilers..", "dev.shipshape.controller..")
                .because("model is the plain vocabulary and the planner: the reconcilers talk to Docker, the "
                        + "controller wires with Guice, and the module arrows run controller -> reconcilers -> model");
        rule.check(MODEL);
    }

    @Test
    void doesNoNetworkIo() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.shipshape.model..")
                .should().dependOnClassesThat(resideInAnyPackage("java.net..", "javax.net..")
                        .and(not(equivalentTo(URI.class)))
                        .and(not(equivalentTo(URISyntaxException.class))))
                .because("model does no network I/O; java.net.URI (and its URISyntaxException) is only a value "
                        + "here: the release URL of the desired file and of a DownloadRelease, and its redaction");
        rule.check(MODEL);
    }

    @Test
    void doesNoFileIo() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.shipshape.model..")
                .should().dependOnClassesThat(resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..")
                        .and(not(equivalentTo(IOException.class)))
                        .and(not(equivalentTo(Path.class))))
                .because("model parses text its callers read (DesiredFile.parse(path, text), ReleaseManifest.parse(name, "
                        + "text), ComposeParser gets the export files through a function); the exceptions: "
                        + "java.io.IOException, which Jackson's parsers declare even for in-memory text (Yaml, "
                        + "YamlTree, Version), and java.nio.file.Path as a name, never opened: the desired file's "
                        + "path and the folders resolved from it (DesiredFile), and the checks that projectDir and a "
                        + "compose path stay inside their folder (DesiredFileValidator, ComposeParser)");
        rule.check(MODEL);
    }

    @Test
    void touchesNoFileThroughAPath() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.shipshape.model..")
                .should().callMethodWhere(target(owner(assignableTo(Path.class)))
                        .and(target(nameMatching("toRealPath|toFile|register"))))
                .because("a Path in model is only a name: resolving it against the file system or watching it is I/O");
        rule.check(MODEL);
    }

    @Test
    void usesNoStandardStreams() {
        ArchRule rule = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("model reports through its return values and exceptions; printing is the CLI's job");
        rule.check(MODEL);
    }

    @Test
    void startsNoProcessOrThread() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.shipshape.model..")
                .should().dependOnClassesThat(equivalentTo(ProcessBuilder.class).or(equivalentTo(Process.class))
                        .or(equivalentTo(Runtime.class)).or(assignableTo(Thread.class)))
                .because("model computes; running commands or threads belongs to the reconcilers and the controller");
        rule.check(MODEL);
    }

    /**
     * The pure parts: the plan and its planner, the observed state and the release. They see only
     * values: the JDK's lang, util and time, Jackson's annotations and the rest of model.
     */
    @Test
    void thePurePartsSeeOnlyValues() {
        ArchRule rule = classes()
                .that().resideInAnyPackage("dev.shipshape.model.plan..", "dev.shipshape.model.observed..",
                        "dev.shipshape.model.release..")
                .should().onlyDependOnClassesThat(resideInAnyPackage(
                                "dev.shipshape.model..",
                                "java.lang", "java.lang.invoke", "java.lang.runtime",
                                "java.util", "java.util.function", "java.util.regex", "java.util.stream",
                                "java.time..", "java.math",
                                "com.fasterxml.jackson.annotation..")
                        .or(equivalentTo(URI.class)))
                .because("the planner turns desired and observed state into a plan without I/O, so it can be "
                        + "tested and run (plan, diff) with nothing on the host; java.net.URI is a value here (a "
                        + "DownloadRelease's URL, redacted for printing); no java.io, java.nio.file or java.net at all");
        rule.check(MODEL);
    }

    @Test
    void hasNoPackageCycles() {
        ArchRule rule = slices()
                .matching("dev.shipshape.(**)")
                .should().beFreeOfCycles();
        rule.check(MODEL);
    }
}
