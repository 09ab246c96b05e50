package dev.corojobs.simulation.web;

import dev.corojobs.simulation.SimulationExamples;
import dev.corojobs.simulation.SimulationLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The simulation limits from configuration and the built-in examples from the class path. */
@Configuration(proxyBeanMethods = false)
class SimulationConfiguration {

    @Bean
    SimulationLimits simulationLimits(SimulationProperties properties) {
        return properties.limits();
    }

    @Bean
    SimulationExamples simulationExamples(SimulationLimits limits) throws IOException {
        Map<String, InputStream> documents = new LinkedHashMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + SimulationExamples.LOCATION + "*.json")) {
            documents.put(resource.getFilename(), resource.getInputStream());
        }
        return SimulationExamples.load(documents, limits);
    }
}
