package dev.hookmesh.jdbc.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A view of a connection for a database whose time columns have no zone (MariaDB's
 * {@code DATETIME}): the statements bind every {@link OffsetDateTime} as the UTC local time,
 * and results read a requested {@code OffsetDateTime} as a UTC local time. The store's SQL is
 * written once, with offset times, and means the same instant whatever the JVM's zone; a
 * driver left to itself converts through the JVM's default zone, which differs between hosts
 * and repeats an hour each autumn.
 */
public final class UtcDateTimes {

  private UtcDateTimes() {}

  /**
   * The view of a connection; {@code unwrap} still reaches the driver's own objects.
   *
   * @param connection the connection
   * @return the view
   */
  public static Connection view(Connection connection) {
    return proxy(Connection.class, connection);
  }

  private static <T> T proxy(Class<T> type, T target) {
    return type.cast(Proxy.newProxyInstance(UtcDateTimes.class.getClassLoader(),
        new Class<?>[] {type}, new Handler(target)));
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;

    Handler(Object target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (args != null && name.equals("setObject") && args[1] instanceof OffsetDateTime time) {
        args[1] = time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      if (args != null && args.length == 2 && name.equals("getObject")
          && args[1] == OffsetDateTime.class) {
        Object local = call(method.getDeclaringClass().getMethod("getObject",
            method.getParameterTypes()[0], Class.class), new Object[] {args[0],
            LocalDateTime.class});
        return local == null ? null : ((LocalDateTime) local).atOffset(ZoneOffset.UTC);
      }
      Object result = call(method, args);
      if (result instanceof PreparedStatement statement
          && method.getReturnType() == PreparedStatement.class) {
        return proxy(PreparedStatement.class, statement);
      }
      if (result instanceof Statement statement && method.getReturnType() == Statement.class) {
        return proxy(Statement.class, statement);
      }
      if (result instanceof ResultSet results && method.getReturnType() == ResultSet.class) {
        return proxy(ResultSet.class, results);
      }
      return result;
    }

    private Object call(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
