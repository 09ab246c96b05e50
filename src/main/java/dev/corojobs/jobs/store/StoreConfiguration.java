package dev.corojobs.jobs.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
class StoreConfiguration {

    @Bean
    JobStore jobStore(JdbcClient jdbc, TransactionTemplate transactions, StoreProperties properties) {
        return new JobStore(jdbc, transactions, properties.maxResultSize().toBytes());
    }

    @Bean
    JobCodec jobCodec(JsonMapper json) {
        return new JobCodec(json);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    StoreNotifications storeNotifications(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            return new StoreNotifications(() -> DriverManager.getConnection(
                    hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword()));
        }
        return new StoreNotifications(dataSource::getConnection);
    }
}
