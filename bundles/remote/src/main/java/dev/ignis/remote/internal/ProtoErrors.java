package dev.ignis.remote.internal;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Words protobuf-java's decoding failures as Prometheus 2.42's gogo-generated decoder words
 * the same failures, since the text is the body of the 400 answer. A failure gogo reports with
 * details protobuf-java does not give (the field or message name) gets the closest fixed text.
 */
final class ProtoErrors {

    private ProtoErrors() {
    }

    static String goText(InvalidProtocolBufferException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("While parsing a protocol message, the input ended unexpectedly")) {
            return "unexpected EOF"; // io.ErrUnexpectedEOF
        }
        if (m.startsWith("CodedInputStream encountered a malformed varint")) {
            return "proto: integer overflow";
        }
        if (m.startsWith("CodedInputStream encountered an embedded string or message which claimed to have negative size")) {
            return "proto: negative length found during unmarshaling";
        }
        if (m.startsWith("Protocol message contained an invalid tag (zero)")) {
            return "proto: WriteRequest: illegal tag 0 (wire type 0)";
        }
        if (m.startsWith("Protocol message end-group tag did not match expected tag")) {
            return "proto: WriteRequest: wiretype end group for non-group";
        }
        return m;
    }
}
