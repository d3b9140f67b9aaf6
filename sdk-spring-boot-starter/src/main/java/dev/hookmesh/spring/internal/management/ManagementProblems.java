package dev.hookmesh.spring.internal.management;

import dev.hookmesh.platform.PlatformException;
import java.io.Serial;
import java.sql.SQLException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the management API and the portal's API as an RFC 9457 problem detail that
 * says what to do: a refusal of the platform by its reason (404, 409, 400), no principal 401,
 * not allowed 403, a bad parameter or body 400 (Spring's own handling), and a database that
 * is down 503 with {@code Retry-After}, nothing half-written since each change is one
 * transaction.
 */
@RestControllerAdvice(assignableTypes = {ManagementController.class, PortalApiController.class})
public final class ManagementProblems extends ResponseEntityExceptionHandler {

  private static final Log logger = LogFactory.getLog(ManagementProblems.class);
  private static final String RETRY_AFTER_SECONDS = "5";

  /** No authenticated principal. */
  static final class Unauthenticated extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    Unauthenticated() {
      this("Authenticate first: the management API is served to the application's"
          + " authenticated principals only");
    }

    Unauthenticated(String message) {
      super(message);
    }
  }

  /** An authenticated principal that may not do this. */
  static final class Forbidden extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    Forbidden(String message) {
      super(message);
    }
  }

  @ExceptionHandler(PlatformException.class)
  ProblemDetail refused(PlatformException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(
        ManagementController.status(e.reason()), e.getMessage());
    problem.setProperty("reason", e.reason().name());
    return problem;
  }

  @ExceptionHandler(Unauthenticated.class)
  ProblemDetail unauthenticated(Unauthenticated e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
  }

  @ExceptionHandler(Forbidden.class)
  ProblemDetail forbidden(Forbidden e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail invalid(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(UnsupportedOperationException.class)
  ProblemDetail unsupported(UnsupportedOperationException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED, e.getMessage()
        + ": use the JDBC or in-memory delivery store");
  }

  /** A database failure is 503 with Retry-After; anything else is a bug, and 500. */
  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<ProblemDetail> failed(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException) {
        // Not the message: a driver's detail can quote a failed row, an endpoint's URL and its
        // credentials included.
        logger.warn("The management API could not reach the database (" + cause.getClass()
            .getSimpleName() + ", SQLState " + ((SQLException) cause).getSQLState() + ")");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
            "The database is unavailable; nothing was changed. Try again shortly.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem);
      }
    }
    logger.error("The management API failed", e);
    return ResponseEntity.internalServerError().body(ProblemDetail.forStatusAndDetail(
        HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; see the log"));
  }
}
