package io.campaignpulse.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The house rules on the compiled main classes: the domain packages stay free of Kafka, packages
 * do not depend on each other in cycles, and the topology knows nothing of how it is run.
 */
@AnalyzeClasses(packages = "io.campaignpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class HouseRulesTest {

    @ArchTest
    static final ArchRule domainImportsNothingFromKafka = noClasses().that()
            .resideInAnyPackage("io.campaignpulse.kpi..", "io.campaignpulse.events..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
            .because("KPI formulas and event validation are plain Java, testable without Kafka");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.campaignpulse.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule topologyKnowsNotHowItRuns = noClasses().that()
            .resideInAPackage("io.campaignpulse.topology..")
            .should().dependOnClassesThat().resideInAnyPackage("io.campaignpulse.runtime..",
                    "io.campaignpulse.metrics..", "io.campaignpulse.cli..")
            .because("the topology is built and tested alone (TopologyTestDriver); runtime wires it");
}
