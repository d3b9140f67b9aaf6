package dev.hookmesh.samples.receiver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Receives webhooks on /webhooks/billing (Standard Webhooks) and /webhooks/github. */
@SpringBootApplication
public class ReceiverApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReceiverApplication.class, args);
  }
}
