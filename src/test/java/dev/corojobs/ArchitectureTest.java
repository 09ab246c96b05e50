package dev.corojobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What each package may depend on, as allow-lists: a package not listed here, or a dependency a package's list
 * does not name, fails the build. Checked on the production classes.
 */
@AnalyzeClasses(packages = "dev.corojobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String JAVA = "java..";
    private static final String RUNTIME = "dev.corojobs.runtime";
    private static final String JOBS = "dev.corojobs.jobs";
    private static final String STORE = "dev.corojobs.jobs.store";
    private static final String WEB = "dev.corojobs.web";
    private static final String SIMULATION = "dev.corojobs.simulation";
    private static final String PIPELINE = "dev.corojobs.pipeline";
    private static final String REPORT = "dev.corojobs.pipeline.report";
    private static final String TCP = "dev.corojobs.tcp";
    private static final String METRICS = "dev.corojobs.metrics";
    private static final String SECURITY = "dev.corojobs.security";
    private static final String OBSERVABILITY = "dev.corojobs.observability";
    private static final String JACKSON = "tools.jackson..";
    private static final String JACKSON_ANNOTATIONS = "com.fasterxml.jackson.annotation..";
    private static final String SLF4J = "org.slf4j..";
    /** Spring's container and configuration binding, without its web stack. */
    private static final String[] SPRING_CORE = {"org.springframework.beans..", "org.springframework.boot..",
            "org.springframework.context..", "org.springframework.core..", "org.springframework.stereotype..",
            "org.springframework.util..", "org.springframework.lang.."};
    private static final String[] HTTP = {"org.springframework..", "jakarta.servlet..", "jakarta.validation..",
            "io.swagger.v3.oas.annotations..", "org.springdoc..", "io.swagger.v3.oas.models.."};

    @ArchTest
    static final ArchRule everyPackageHasAnAllowList = classes()
            .should().resideInAnyPackage("dev.corojobs", RUNTIME, JOBS, STORE, WEB, SIMULATION, SIMULATION + ".web",
                    PIPELINE, PIPELINE + ".web", REPORT, TCP, METRICS, SECURITY, OBSERVABILITY)
            .because("each package below says what it may depend on; a new package needs its own list");

    @ArchTest
    static final ArchRule runtime = allowOnly(RUNTIME, JAVA, RUNTIME)
            .because("the coroutine runtime is framework-free: no Spring, Micrometer, Jackson or other corojobs package");

    @ArchTest
    static final ArchRule simulation = allowOnly(SIMULATION, JAVA, RUNTIME, SIMULATION, JACKSON, JACKSON_ANNOTATIONS)
            .because("the simulation core builds on the runtime; its HTTP side is simulation.web");

    @ArchTest
    static final ArchRule pipeline = allowOnly(PIPELINE, JAVA, RUNTIME, PIPELINE, REPORT, "com.google.re2j..")
            .because("the pipeline core builds on the runtime; its HTTP side is pipeline.web");

    @ArchTest
    static final ArchRule report = allowOnly(REPORT, JAVA, PIPELINE, REPORT, "org.apache.datasketches..",
            "org.yaml.snakeyaml..", "ua_parser..")
            .because("the log report is part of the pipeline core: sketches and user-agent rules, no framework");

    @ArchTest
    static final ArchRule tcp = allowOnly(TCP, concat(new String[] {JAVA, RUNTIME, TCP, SLF4J}, SPRING_CORE))
            .because("the TCP server builds on the runtime and owns its configuration");

    @ArchTest
    static final ArchRule jobs = allowOnly(JOBS, concat(new String[] {JAVA, RUNTIME, JOBS, STORE, SLF4J}, SPRING_CORE))
            .because("jobs runs work of any type and keeps its errors as plain records; HTTP is the web layer's");

    @ArchTest
    static final ArchRule store = allowOnly(STORE, concat(new String[] {JAVA, "javax.sql..", JOBS, STORE, SLF4J, JACKSON,
            "org.springframework.jdbc..", "org.springframework.transaction..", "org.postgresql..", "com.zaxxer.hikari..",
            "io.zonky.test.db.postgres.embedded.."}, SPRING_CORE))
            .because("the job store is PostgreSQL through Spring JDBC (embedded by default), with no web or feature code");

    @ArchTest
    static final ArchRule web = allowOnly(WEB, concat(new String[] {JAVA, RUNTIME, JOBS, WEB, SECURITY, SLF4J, JACKSON,
            JACKSON_ANNOTATIONS}, HTTP))
            .because("web is the generic job API over jobs: it knows no feature");

    @ArchTest
    static final ArchRule simulationWeb = allowOnly(SIMULATION + ".web", concat(new String[] {JAVA, RUNTIME, JOBS,
            WEB, SIMULATION, SIMULATION + ".web", JACKSON, JACKSON_ANNOTATIONS}, HTTP))
            .because("a feature's web package joins its core to the job platform and the HTTP API");

    @ArchTest
    static final ArchRule pipelineWeb = allowOnly(PIPELINE + ".web", concat(new String[] {JAVA, RUNTIME, JOBS,
            WEB, SECURITY, PIPELINE, PIPELINE + ".web", REPORT, SLF4J, JACKSON, JACKSON_ANNOTATIONS}, HTTP))
            .because("a feature's web package joins its core to the job platform and the HTTP API");

    @ArchTest
    static final ArchRule security = allowOnly(SECURITY, concat(new String[] {JAVA, JOBS, SECURITY, SLF4J}, HTTP))
            .because("security names callers and guards the HTTP API; the web layer asks it who calls");

    @ArchTest
    static final ArchRule metrics = allowOnly(METRICS, concat(new String[] {JAVA, RUNTIME, JOBS, TCP, METRICS, SLF4J,
            "io.micrometer.."}, SPRING_CORE))
            .because("metrics binds the runtime's, jobs' and the TCP server's counts from the outside");

    @ArchTest
    static final ArchRule application = allowOnly("dev.corojobs", concat(new String[] {JAVA, RUNTIME, "dev.corojobs", SLF4J},
            SPRING_CORE))
            .because("the application class only starts Spring and defines the runtime's shared parts");

    @ArchTest
    static final ArchRule observability = allowOnly(OBSERVABILITY, concat(new String[] {JAVA, JOBS, OBSERVABILITY,
            "io.opentelemetry.."}, SPRING_CORE))
            .because("observability puts tracing behind the jobs' run hook, from the outside");

    @ArchTest
    static final ArchRule onlyObservabilityKnowsOpenTelemetry = noClasses()
            .that().resideOutsideOfPackage(OBSERVABILITY)
            .should().dependOnClassesThat().resideInAPackage("io.opentelemetry..")
            .because("jobs offers a JobRunHook; the tracing behind it lives in observability");

    @ArchTest
    static final ArchRule coresDoNotSpeakHttp = noClasses()
            .that().resideInAnyPackage(JOBS, STORE, SIMULATION, PIPELINE, REPORT, RUNTIME)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..",
                    "jakarta.servlet..")
            .because("a job must run on any replica from its stored request; HTTP types stay in the web packages");

    private static com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction allowOnly(String pkg,
            String... allowed) {
        return classes().that().resideInAPackage(pkg).should().onlyDependOnClassesThat().resideInAnyPackage(allowed);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
