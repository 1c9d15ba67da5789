package io.statewall.link.pki;

/** An enrolment refused, with the one-line reason the NMA is told and the ASMA logs. */
public final class EnrolmentException extends Exception {
    public EnrolmentException(String reason) {
        super(reason, null, false, false);
    }
}
