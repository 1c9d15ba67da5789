#!/usr/bin/python3
"""A Modbus/TCP server from pymodbus (Debian's python3-pymodbus), used as a real third-party
peer to record golden captures: unit 1 with 100 coils and 100 holding registers, all 0, on
127.0.0.1:PORT. Values change only when a client writes them."""
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer

port = int(sys.argv[1]) if len(sys.argv) > 1 else 5020
store = ModbusSlaveContext(
    di=ModbusSequentialDataBlock(0, [0] * 101),
    co=ModbusSequentialDataBlock(0, [0] * 101),
    hr=ModbusSequentialDataBlock(0, [0] * 101),
    ir=ModbusSequentialDataBlock(0, [0] * 101),
    zero_mode=True)
StartTcpServer(context=ModbusServerContext(slaves=store, single=True), address=("127.0.0.1", port))
