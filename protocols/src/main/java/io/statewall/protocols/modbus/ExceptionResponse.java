package io.statewall.protocols.modbus;

/**
 * An exception response, MB-AP §4.1 / §7.
 *
 * <pre>
 *  0  function code + 0x80   1 byte   0x81..0xFF
 *  1  exception code         1 byte   see {@link ExceptionCode}
 * </pre>
 *
 * @param function the function that failed ({@link FunctionCode#UNKNOWN} when not named)
 * @param functionRaw the byte as on the wire, exception bit included
 * @param exceptionCode the named code, {@link ExceptionCode#UNKNOWN} otherwise
 * @param rawCode the exception code byte
 */
public record ExceptionResponse(FunctionCode function, int functionRaw, ExceptionCode exceptionCode, int rawCode)
        implements ModbusResponse {
    public ExceptionResponse {
        Fields.nonNull("function", function);
        Fields.nonNull("exceptionCode", exceptionCode);
        Fields.u8("functionRaw", functionRaw);
        Fields.u8("rawCode", rawCode);
        if (functionRaw < 0x80 || function != FunctionCode.of(functionRaw)
                || exceptionCode != ExceptionCode.of(rawCode)) {
            throw new IllegalArgumentException("inconsistent exception response: " + function + "/" + functionRaw
                    + ", " + exceptionCode + "/" + rawCode);
        }
    }

    public ExceptionResponse(int functionRaw, int rawCode) {
        this(FunctionCode.of(functionRaw), functionRaw, ExceptionCode.of(rawCode), rawCode);
    }
}
