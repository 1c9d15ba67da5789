package io.statewall.engine.policy;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import io.statewall.protocols.modbus.FunctionCategory;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule or a protected spec matches: a Modbus transaction (request, and for {@code
 * response} its answer). Every field is optional, and a null field matches anything; the
 * fields given must all hold. {@code from} is the client, {@code to} the server, for requests
 * and responses alike.
 *
 * @param from       client endpoints; any of them
 * @param to         server endpoints (with port); any of them
 * @param protocol   {@code modbus}, the only protocol so far; never null
 * @param operations what the request does ({@link Operation}, refined by sub-function / MEI type)
 * @param functions  raw request function codes 0–255
 * @param categories MB-AP §5 categories of the request's function (at transaction level)
 * @param units      unit identifiers 0–255
 * @param areas      data areas the request addresses
 * @param addresses  0-based PDU addresses: matches when any addressed item (start .. start +
 *                   quantity − 1) is in the set
 * @param values     written values (registers 0–65535, coils 0/1): matches when a value written
 *                   to an address in {@code addresses} (to any address, without it) is in the set
 * @param response   conditions on the response, or null
 */
public record Match(List<Endpoint> from, List<Endpoint> to, String protocol, Set<Operation> operations,
                    IntRanges functions, Set<FunctionCategory> categories, IntRanges units, Set<DataArea> areas,
                    IntRanges addresses, IntRanges values, ResponseMatch response) {

    public static final String MODBUS = "modbus";
    /** Matches every Modbus transaction. */
    public static final Match ANY = new Match(null, null, MODBUS, null, null, null, null, null, null, null, null);

    public Match {
        from = from == null ? null : nonEmpty(List.copyOf(from), "from");
        to = to == null ? null : nonEmpty(List.copyOf(to), "to");
        protocol = protocol == null ? MODBUS : protocol;
        operations = operations == null ? null : nonEmpty(Collections.unmodifiableSet(EnumSet.copyOf(operations)), "operation");
        categories = categories == null ? null : nonEmpty(Collections.unmodifiableSet(EnumSet.copyOf(categories)), "category");
        areas = areas == null ? null : nonEmpty(Collections.unmodifiableSet(EnumSet.copyOf(areas)), "area");
    }

    private static <C extends java.util.Collection<?>> C nonEmpty(C c, String field) {
        if (c.isEmpty()) {
            throw new IllegalArgumentException(field + ": an empty set matches nothing; use null for anything");
        }
        return c;
    }

    /** Builder-style copies, for code and tests that assemble matches. */
    public Match withFrom(List<Endpoint> v) {
        return new Match(v, to, protocol, operations, functions, categories, units, areas, addresses, values, response);
    }

    public Match withTo(List<Endpoint> v) {
        return new Match(from, v, protocol, operations, functions, categories, units, areas, addresses, values, response);
    }

    public Match withOperations(Set<Operation> v) {
        return new Match(from, to, protocol, v, functions, categories, units, areas, addresses, values, response);
    }

    public Match withFunctions(IntRanges v) {
        return new Match(from, to, protocol, operations, v, categories, units, areas, addresses, values, response);
    }

    public Match withCategories(Set<FunctionCategory> v) {
        return new Match(from, to, protocol, operations, functions, v, units, areas, addresses, values, response);
    }

    public Match withUnits(IntRanges v) {
        return new Match(from, to, protocol, operations, functions, categories, v, areas, addresses, values, response);
    }

    public Match withAreas(Set<DataArea> v) {
        return new Match(from, to, protocol, operations, functions, categories, units, v, addresses, values, response);
    }

    public Match withAddresses(IntRanges v) {
        return new Match(from, to, protocol, operations, functions, categories, units, areas, v, values, response);
    }

    public Match withValues(IntRanges v) {
        return new Match(from, to, protocol, operations, functions, categories, units, areas, addresses, v, response);
    }

    public Match withResponse(ResponseMatch v) {
        return new Match(from, to, protocol, operations, functions, categories, units, areas, addresses, values, v);
    }
}
