/**
 * The process image: the latest value of every Modbus point the sensor has seen, fed from
 * paired transactions ({@link io.statewall.engine.image.ProcessImage}), and the named,
 * typed, scaled variables a plant model declares over those points ({@link
 * io.statewall.engine.image.VariableBinding}).
 */
package io.statewall.engine.image;
