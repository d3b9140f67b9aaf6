package dev.hookmesh.samples.sender;

import dev.hookmesh.samples.sender.OrderService.PlacedOrder;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Places orders; each placed order is announced to its customer's endpoints by a webhook. */
@RestController
@RequestMapping("/orders")
class OrderController {

  record PlaceOrder(@Nullable String customerId, long amount) {}

  private final OrderService orders;

  OrderController(OrderService orders) {
    this.orders = orders;
  }

  @PostMapping
  ResponseEntity<PlacedOrder> place(@RequestBody PlaceOrder request) {
    if (request.customerId() == null) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "customerId is required");
    }
    PlacedOrder order = orders.placeOrder(request.customerId(), request.amount());
    return ResponseEntity.status(HttpStatus.CREATED).body(order);
  }

  @ExceptionHandler(OrderRejectedException.class)
  ProblemDetail rejected(OrderRejectedException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    problem.setTitle("Order rejected");
    if (e.messageId() != null) {
      // Look it up: GET /messages/{id} answers 404, because the rollback took it back.
      problem.setProperty("rolledBackMessageId", e.messageId());
    }
    return problem;
  }
}
