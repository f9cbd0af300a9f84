package io.campaignpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** Which stream thread failures replace the thread and which stop the client. */
class ThreadFailureTest {
    @Test
    void shouldReplaceAThreadWhoseTransactionTheCoordinatorAbortedAndStopOnAnythingElse() {
        // What a thread frozen past transaction.timeout.ms meets at its next commit (seen in FaultIT).
        StreamsException aborted = new StreamsException("Error encountered trying to commit a transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
        assertThat(Pipeline.onThreadFailure(aborted)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(Pipeline.onThreadFailure(new StreamsException(new IllegalStateException("a bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
