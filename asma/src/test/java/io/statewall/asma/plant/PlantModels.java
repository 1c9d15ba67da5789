package io.statewall.asma.plant;

/** The plant file the tests share: two observing networks and a safety network that follows. */
final class PlantModels {
    static final String UNIT3 = """
            statewall-plant: 1
            name: unit 3
            states:
              trip:        { votes: 1 }
              maintenance: {}
              shut-down:   {}
              start-up:    {}
              normal:      { votes: 2 }
              stopped:     {}
            nmas:
              boiler:  { observes: true }
              turbine: { observes: true }
              safety:  { observes: false }
            disagreement_after: 10s
            variables:
              tripped:       { nma: safety,  point: tripped, max_age: 5s }
              breaker:       { nma: turbine, point: breaker_closed, max_age: 5s }
              load_mw:       { nma: turbine, point: load_mw, max_age: 5s }
              p_boiler:      { nma: boiler,  point: drum_pressure, max_age: 5s }
              p_turbine:     { nma: turbine, point: inlet_pressure, max_age: 5s }
            cross_checks:
              - id: trip-drops-load
                description: A real trip opens the breaker; the load falls within seconds
                condition: "not tripped or load_mw < 5"
                for: 5s
                attack: [T0856]
              - id: steam-pressure-agrees
                agree: [p_boiler, p_turbine]
                tolerance: 3
                for: 2s
            correlations:
              - id: recon-then-write
                description: Reconnaissance in one zone, then a write in another
                first: { attack: [T0846, T0888] }
                then:  { attack: [T0855, T0836, T0831] }
                within: 10m
              - id: one-source-many-zones
                spread: 2
                within: 5m
            """;

    static PlantModel unit3() {
        try {
            return PlantModelLoader.parse(UNIT3, "unit3.plant.yaml");
        } catch (PlantModelLoader.PlantModelException e) {
            throw new IllegalStateException(e);
        }
    }

    static final long S = 1_000_000_000L;
    static final long T0 = 1_764_000_000L * S;

    private PlantModels() {
    }
}
