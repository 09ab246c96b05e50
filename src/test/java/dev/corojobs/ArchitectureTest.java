package dev.corojobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package directions the founders asked for, checked on the production classes. */
@AnalyzeClasses(packages = "dev.corojobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule runtimeIsPlainJava = classes()
            .that().resideInAPackage("dev.corojobs.runtime..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.corojobs.runtime..")
            .because("the coroutine runtime is framework-free: no Spring, Micrometer, Jackson or other corojobs package");

    @ArchTest
    static final ArchRule featuresDoNotKnowTheirHosts = noClasses()
            .that().resideInAnyPackage("dev.corojobs.simulation..", "dev.corojobs.pipeline..", "dev.corojobs.tcp..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.corojobs.jobs..", "dev.corojobs.web..", "dev.corojobs.metrics..")
            .allowEmptyShould(true)
            .because("simulation, pipeline and tcp build on the runtime; jobs, web and metrics use them, not the other way");

    @ArchTest
    static final ArchRule jobsDoesNotKnowTheWeb = noClasses()
            .that().resideInAPackage("dev.corojobs.jobs..")
            .should().dependOnClassesThat().resideInAPackage("dev.corojobs.web..")
            .allowEmptyShould(true)
            .because("jobs runs work; web is a thin layer over it");

    @ArchTest
    static final ArchRule onlyObservabilityKnowsOpenTelemetry = noClasses()
            .that().resideOutsideOfPackage("dev.corojobs.observability..")
            .should().dependOnClassesThat().resideInAPackage("io.opentelemetry..")
            .because("jobs offers a JobRunHook; the tracing behind it lives in observability");

    @ArchTest
    static final ArchRule nothingImportsTheWeb = noClasses()
            .that().resideOutsideOfPackage("dev.corojobs.web..")
            .should().dependOnClassesThat().resideInAPackage("dev.corojobs.web..")
            .allowEmptyShould(true)
            .because("web holds package-private controllers and DTOs that only the web layer uses");
}
