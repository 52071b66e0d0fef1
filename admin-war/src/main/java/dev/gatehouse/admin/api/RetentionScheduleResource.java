package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.retention.RetentionSchedule;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * {@code /api/retention/schedule}: how often the retention policies run by themselves ({@code everyMinutes},
 * optionally first at {@code firstRunAt}), one node at a time, each run audited under the name of the retention
 * user who set the schedule. Needs {@code audit:retention} like every retention action; changes are audited.
 */
final class RetentionScheduleResource {
    private final RetentionSchedule schedule;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    RetentionScheduleResource(RetentionSchedule schedule, JsonBodyReader bodies, AdminActions actions) {
        this.schedule = schedule;
        this.bodies = bodies;
        this.actions = actions;
    }

    Reply get(ApiRequest request) {
        return schedule.get().map(s -> Reply.ok(view(s))).orElseGet(() -> Problem.notFound("no retention schedule"));
    }

    private record Spec(Duration interval, Instant firstRun) {
    }

    Reply put(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(RetentionScheduleResource::spec)
                .then(s -> Stores.attempt(() -> schedule.set(s.interval(), s.firstRun(), request.user())))
                .reply(s -> {
                    actions.succeeded(request, "retention.schedule.set", 200, e -> e.detail("retention.schedule.set: every "
                            + s.interval().toMinutes() + " minutes, next " + s.nextRunAt()));
                    return Reply.ok(view(s));
                });
    }

    Reply delete(ApiRequest request) {
        if (!schedule.remove()) {
            return Problem.notFound("no retention schedule");
        }
        actions.succeeded(request, "retention.schedule.removed", 204, e -> e.detail("retention.schedule.removed"));
        return Reply.noContent();
    }

    private static Result<Spec> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        fields.onlyFields(Set.of("everyMinutes", "firstRunAt"), "a retention schedule");
        Long minutes = fields.wholeNumber("everyMinutes");
        String first = fields.text("firstRunAt");
        if (minutes == null) {
            fields.fail("everyMinutes", "is required");
        } else if (minutes < RetentionSchedule.MIN_INTERVAL.toMinutes() || minutes > RetentionSchedule.MAX_INTERVAL.toMinutes()) {
            fields.fail("everyMinutes", "must be " + RetentionSchedule.MIN_INTERVAL.toMinutes() + " to "
                    + RetentionSchedule.MAX_INTERVAL.toMinutes());
        }
        Instant firstRun = null;
        if (first != null) {
            try {
                firstRun = Instant.parse(first);
            } catch (DateTimeParseException e) {
                fields.fail("firstRunAt", "must be an instant such as 2026-12-08T02:00:00Z");
            }
        }
        Instant firstRunAt = firstRun;
        return fields.problem().<Result<Spec>>map(Result::failed)
                .orElseGet(() -> Result.ok(new Spec(Duration.ofMinutes(minutes), firstRunAt)));
    }

    private static ObjectNode view(RetentionSchedule.Schedule s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("everyMinutes", s.interval().toMinutes());
        o.put("nextRunAt", s.nextRunAt().toString());
        o.put("runningOn", s.runningOn());
        o.put("lastRunAt", s.lastRunAt() == null ? null : s.lastRunAt().toString());
        o.put("lastResult", s.lastResult());
        o.put("updatedBy", s.updatedBy());
        o.put("updatedAt", s.updatedAt().toString());
        return o;
    }
}
