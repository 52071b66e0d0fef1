package dev.gatehouse.admin.sso;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An instance of an annotation type that is known only at run time (a server's own, loaded by name, so that nothing
 * here links against it): every member has its declared default unless given, and the instance keeps the contract of
 * {@link Annotation} ({@code equals}, {@code hashCode}, {@code annotationType}) so a CDI container can hold it as a
 * compiled one.
 */
final class SyntheticAnnotation implements InvocationHandler {
    private final Class<? extends Annotation> type;
    private final Map<String, Object> values;

    private SyntheticAnnotation(Class<? extends Annotation> type, Map<String, Object> values) {
        this.type = type;
        this.values = values;
    }

    /**
     * The annotation {@code type} with the {@code given} member values and the defaults for the rest; a member not
     * declared, a value of the wrong type or a member without default and value fail here, not in the container.
     */
    static Annotation of(Class<? extends Annotation> type, Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method member : type.getDeclaredMethods()) {
            Object value = given.containsKey(member.getName()) ? given.get(member.getName()) : member.getDefaultValue();
            if (value == null) {
                throw new IllegalArgumentException(type.getName() + "." + member.getName() + " has no default and no value");
            }
            if (!box(member.getReturnType()).isInstance(value)) {
                throw new IllegalArgumentException(type.getName() + "." + member.getName() + " takes "
                        + member.getReturnType().getSimpleName() + ", not " + value.getClass().getSimpleName());
            }
            values.put(member.getName(), value);
        }
        for (String name : given.keySet()) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(type.getName() + " has no member " + name);
            }
        }
        return (Annotation) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                new SyntheticAnnotation(type, values));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) {
        String name = method.getName();
        if (name.equals("equals") && method.getParameterCount() == 1) {
            return isEqual(arguments[0]);
        }
        return switch (name) {
            case "hashCode" -> hash();
            case "toString" -> "@" + type.getName() + values;
            case "annotationType" -> type;
            default -> copy(values.get(name));
        };
    }

    /** {@link Annotation#equals}: same type, and every member equal (arrays by content). */
    private boolean isEqual(Object other) {
        if (!type.isInstance(other)) {
            return false;
        }
        try {
            for (Method member : type.getDeclaredMethods()) {
                if (!Objects.deepEquals(values.get(member.getName()), member.invoke(other))) {
                    return false;
                }
            }
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** {@link Annotation#hashCode}: the sum of (127 × the member name's hash) XOR the value's hash. */
    private int hash() {
        int hash = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            int valueHash = v.getClass().isArray() ? Arrays.deepHashCode(new Object[]{v}) - 31 : v.hashCode();
            hash += (127 * e.getKey().hashCode()) ^ valueHash;
        }
        return hash;
    }

    /** Arrays are copied on the way out, as a compiled annotation's are. */
    private static Object copy(Object value) {
        if (value == null || !value.getClass().isArray()) {
            return value;
        }
        int length = Array.getLength(value);
        Object copy = Array.newInstance(value.getClass().getComponentType(), length);
        System.arraycopy(value, 0, copy, 0, length);
        return copy;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "boolean" -> Boolean.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Character.class;
        };
    }
}
