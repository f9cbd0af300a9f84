# Multi-stage build of campaign-pulse: the Maven wrapper builds the jar in a JDK image, and a
# JRE image runs it. Used by docker-compose.yml (services campaign-pulse and simulator).
FROM eclipse-temurin:17.0.13_11-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY config config
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17.0.13_11-jre
WORKDIR /app
COPY --from=build /src/target/campaign-pulse.jar /app/campaign-pulse.jar
COPY config /app/config
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/campaign-pulse.jar"]
CMD ["run"]
