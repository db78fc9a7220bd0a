package org.openpalm.payments.insights;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openpalm.payments.ids.CustomerId;

/** Pure aggregation of visits into merchant insights and the k-anonymous advertiser export. */
public final class InsightsCalculator {
    /** Upper bounds of the basket bands, in major units; the last band is open. */
    private static final long[] BASKET_BANDS_MAJOR = {10, 25, 50, 100};

    private final InsightsConfig config;

    public InsightsCalculator(InsightsConfig config) {
        this.config = config;
    }

    public MerchantInsights merchantInsights(List<Visit> visits) {
        Map<CustomerId, List<Visit>> byCustomer = byCustomer(visits);
        int customers = byCustomer.size();
        int repeaters = (int) byCustomer.values().stream().filter(v -> v.size() >= 2).count();
        long gapSeconds = 0;
        int gaps = 0;
        for (List<Visit> own : byCustomer.values()) {
            for (int i = 1; i < own.size(); i++) {
                gapSeconds += Duration.between(own.get(i - 1).at(), own.get(i).at()).toSeconds();
                gaps++;
            }
        }
        List<Integer> hours = new ArrayList<>(java.util.Collections.nCopies(24, 0));
        List<Integer> days = new ArrayList<>(java.util.Collections.nCopies(7, 0));
        for (Visit v : visits) {
            ZonedDateTime t = v.at().atZone(config.zone());
            hours.set(t.getHour(), hours.get(t.getHour()) + 1);
            days.set(t.getDayOfWeek().getValue() - 1, days.get(t.getDayOfWeek().getValue() - 1) + 1);
        }
        return new MerchantInsights(customers, visits.size(), customers == 0 ? 0 : (int) (10_000L * repeaters / customers),
                customers == 0 ? 0 : (int) (100L * visits.size() / customers), gaps == 0 ? 0 : gapSeconds / 86_400.0 / gaps,
                baskets(visits), hours, days, cohorts(byCustomer));
    }

    private static Map<CustomerId, List<Visit>> byCustomer(List<Visit> visits) {
        Map<CustomerId, List<Visit>> out = new LinkedHashMap<>();
        visits.stream().sorted(Comparator.comparing(Visit::at)).forEach(v -> out.computeIfAbsent(v.customer(), k -> new ArrayList<>()).add(v));
        return out;
    }

    private static List<MerchantInsights.Basket> baskets(List<Visit> visits) {
        Map<String, List<Long>> amounts = new TreeMap<>();
        for (Visit v : visits) amounts.computeIfAbsent(v.amount().currency().code(), k -> new ArrayList<>()).add(v.amount().minor());
        List<MerchantInsights.Basket> out = new ArrayList<>();
        amounts.forEach((currency, list) -> {
            list.sort(Long::compare);
            long total = list.stream().mapToLong(Long::longValue).sum();
            int n = list.size();
            long median = n % 2 == 1 ? list.get(n / 2) : (list.get(n / 2 - 1) + list.get(n / 2)) / 2;
            out.add(new MerchantInsights.Basket(currency, n, total / n, median, total));
        });
        return out;
    }

    private List<MerchantInsights.Cohort> cohorts(Map<CustomerId, List<Visit>> byCustomer) {
        Map<YearMonth, Map<Long, Set<CustomerId>>> active = new TreeMap<>();
        Map<YearMonth, Integer> sizes = new HashMap<>();
        YearMonth latest = null;
        for (var e : byCustomer.entrySet()) {
            YearMonth first = YearMonth.from(e.getValue().getFirst().at().atZone(config.zone()));
            sizes.merge(first, 1, Integer::sum);
            for (Visit v : e.getValue()) {
                YearMonth month = YearMonth.from(v.at().atZone(config.zone()));
                if (latest == null || month.isAfter(latest)) latest = month;
                active.computeIfAbsent(first, k -> new HashMap<>()).computeIfAbsent(first.until(month, ChronoUnit.MONTHS), k -> new HashSet<>())
                        .add(e.getKey());
            }
        }
        List<MerchantInsights.Cohort> out = new ArrayList<>();
        for (var e : active.entrySet()) {
            long months = e.getKey().until(latest, ChronoUnit.MONTHS) + 1;
            List<Integer> counts = new ArrayList<>();
            for (long m = 0; m < months; m++) counts.add(e.getValue().getOrDefault(m, Set.of()).size());
            out.add(new MerchantInsights.Cohort(e.getKey(), sizes.get(e.getKey()), counts));
        }
        return out;
    }

    /** Groups by day, hour, first-visit month and basket band; drops every group under k customers. */
    public AdvertiserExport advertiserExport(List<Visit> visits) {
        record Key(String dimension, String bucket) {}
        Map<Key, Set<CustomerId>> customers = new LinkedHashMap<>();
        Map<Key, Integer> counts = new HashMap<>();
        Map<CustomerId, YearMonth> firstMonth = new HashMap<>();
        byCustomer(visits).forEach((c, own) -> firstMonth.put(c, YearMonth.from(own.getFirst().at().atZone(config.zone()))));
        List<Visit> ordered = visits.stream().sorted(Comparator.comparing(Visit::at)).toList();
        for (Visit v : ordered) {
            ZonedDateTime t = v.at().atZone(config.zone());
            for (Key k : List.of(new Key("all", "all"), new Key("day_of_week", t.getDayOfWeek().toString()),
                    new Key("hour_of_day", Integer.toString(t.getHour())), new Key("first_visit_month", firstMonth.get(v.customer()).toString()),
                    new Key("basket_band", band(v)))) {
                customers.computeIfAbsent(k, x -> new HashSet<>()).add(v.customer());
                counts.merge(k, 1, Integer::sum);
            }
        }
        List<AdvertiserExport.Row> rows = new ArrayList<>();
        int suppressed = 0;
        for (var e : customers.entrySet()) {
            if (e.getValue().size() < config.minCustomersPerGroup()) {
                suppressed++;
                continue;
            }
            rows.add(new AdvertiserExport.Row(e.getKey().dimension(), e.getKey().bucket(), e.getValue().size(), counts.get(e.getKey())));
        }
        rows.sort(Comparator.comparing(AdvertiserExport.Row::dimension).thenComparing(r -> order(r)));
        return new AdvertiserExport(config.minCustomersPerGroup(), rows, suppressed);
    }

    private static String order(AdvertiserExport.Row r) {
        return switch (r.dimension()) {
            case "day_of_week" -> Integer.toString(DayOfWeek.valueOf(r.bucket()).getValue());
            case "hour_of_day" -> String.format("%02d", Integer.parseInt(r.bucket()));
            default -> r.bucket();
        };
    }

    private static String band(Visit v) {
        int minorUnits = v.amount().currency().minorUnits();
        long scale = (long) Math.pow(10, minorUnits);
        long lower = 0;
        for (long upper : BASKET_BANDS_MAJOR) {
            if (v.amount().minor() < upper * scale) return v.amount().currency().code() + " " + lower + "-" + upper;
            lower = upper;
        }
        return v.amount().currency().code() + " " + lower + "+";
    }
}
