package dev.corojobs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CorojobsApplication {

    public static void main(String[] args) {
        SpringApplication.run(CorojobsApplication.class, args);
    }
}
