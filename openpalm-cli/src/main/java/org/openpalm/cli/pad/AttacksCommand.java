package org.openpalm.cli.pad;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.openpalm.biometrics.AttackKind;
import org.openpalm.biometrics.AttackModel;
import org.openpalm.biometrics.BandPair;
import org.openpalm.biometrics.IndependentAttackModel;
import org.openpalm.biometrics.IndependentAttacks;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.SimulatedAttacks;
import org.openpalm.cli.evaluate.Manifest;
import org.openpalm.cli.evaluate.ManifestEntry;
import org.openpalm.cli.evaluate.ManifestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code openpalm pad attacks}: a simulated attack set from bona fide captures. The bona fide
 * images are copied byte for byte into the output folder (never into the repository); every
 * attack is made from one bona fide capture of the victim, with a seed that depends only on
 * (seed, kind, capture), so the same arguments give the same bytes.
 */
@Command(
        name = "attacks",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a presentation attack set: the bona fide captures of the input and simulated "
                    + "attacks made from each (print, screen, nir-print), with a manifest "
                    + "(file, subject, presentation, kind, source, band) and an attack model file (every parameter).",
            "Simulated attacks are models of the physics, not physical attacks."
        })
public final class AttacksCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--visible", required = true, paramLabel = "DIR",
            description = "bona fide visible-band captures (a dataset folder with manifest.csv)")
    Path visible;

    @Option(names = "--nir", paramLabel = "DIR",
            description = "near-infrared captures of the same instants, same file names (omit for a single camera)")
    Path nir;

    @Option(names = "--kind", required = true, split = ",", paramLabel = "KIND",
            description = "attack kinds, comma-separated: print, screen, nir-print (nir-print needs --nir)")
    List<String> kinds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model", paramLabel = "M", defaultValue = "default",
            description = "attack model: default, hard (finer halftone and display grid, softer camera, "
                    + "toner less absorbing at 940 nm, more stray NIR light on screens), or independent (a second "
                    + "generator written apart: printer dpi and halftone, display subpixels, perspective, band "
                    + "misregistration; IndependentAttackModel) (default: ${DEFAULT-VALUE})")
    String modelName;

    @Override
    public Integer call() throws IOException {
        Set<AttackKind> chosen = EnumSet.noneOf(AttackKind.class);
        for (String label : kinds) {
            AttackKind kind = AttackKind.ofLabel(label.strip()).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "--kind: unknown kind '" + label + "' (print, screen, nir-print)"));
            if (kind.needsNearInfrared() && nir == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--kind nir-print needs --nir");
            }
            chosen.add(kind);
        }
        Generator generator = switch (modelName) {
            case "default" -> Generator.of(AttackModel.DEFAULT);
            case "hard" -> Generator.of(AttackModel.HARD);
            case "independent" -> Generator.of(IndependentAttackModel.DEFAULT);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--model must be default, hard or independent, got '" + modelName + "'");
        };
        Manifest input;
        try {
            input = Manifest.read(visible);
            if (nir != null) checkSameFiles(input, Manifest.read(nir));
        } catch (ManifestException | PadSetException e) {
            spec.commandLine().getErr().println("openpalm pad attacks: " + e.getMessage());
            return 1;
        }
        if (out.toAbsolutePath().normalize().startsWith(visible.toAbsolutePath().normalize())
                || (nir != null && out.toAbsolutePath().normalize().startsWith(nir.toAbsolutePath().normalize()))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out must not be inside an input folder");
        }
        List<PadManifest.Row> rows = new ArrayList<>();
        int attackCount = 0;
        for (int index = 0; index < input.entries().size(); index++) {
            ManifestEntry e = input.entries().get(index);
            String stem = stem(e.file());
            BandPair bonaFide;
            try {
                bonaFide = read(e.file());
            } catch (PalmImageException ex) {
                spec.commandLine().getErr().println("openpalm pad attacks: " + e.file() + ": " + ex.getMessage());
                return 1;
            }
            String ext = e.file().substring(e.file().lastIndexOf('.') + 1);
            rows.add(copy(visible.resolve(e.file()), "bona-fide/visible/" + stem + "." + ext, e, false));
            if (nir != null) rows.add(copy(nir.resolve(e.file()), "bona-fide/nir/" + stem + "." + ext, e, true));
            for (AttackKind kind : chosen) {
                long attackSeed = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (kind.ordinal() + 1))).split().nextLong() + index;
                BandPair seen = generator.attack(kind, bonaFide, new SplittableRandom(attackSeed).nextLong());
                rows.add(write(seen.visible(), kind.label() + "/visible/" + stem + ".png", e, kind, false));
                if (seen.nearInfrared().isPresent()) {
                    rows.add(write(seen.nearInfrared().get(), kind.label() + "/nir/" + stem + ".png", e, kind, true));
                }
                attackCount++;
            }
        }
        new PadManifest(out, rows).write();
        writeModel(chosen, generator.parameters());
        spec.commandLine().getOut().printf(Locale.ROOT,
                "wrote %d bona fide and %d attack presentations (%s, %s) and manifest.csv to %s%n",
                input.entries().size(), attackCount, nir == null ? "single camera" : "visible + nir",
                String.join(",", chosen.stream().map(AttackKind::label).toList()), out);
        return 0;
    }

    private static void checkSameFiles(Manifest visibleSet, Manifest nirSet) throws PadSetException {
        var nirFiles = new java.util.HashMap<String, String>();
        for (ManifestEntry e : nirSet.entries()) nirFiles.put(e.file(), e.subject());
        for (ManifestEntry e : visibleSet.entries()) {
            String subject = nirFiles.get(e.file());
            if (subject == null) throw new PadSetException("the --nir folder has no " + e.file() + " (the bands must have the same file names)");
            if (!subject.equals(e.subject())) {
                throw new PadSetException(e.file() + " is subject " + e.subject() + " in --visible but " + subject + " in --nir");
            }
        }
    }

    private BandPair read(String file) throws IOException, PalmImageException {
        PalmImage vis = PalmImage.decode(Files.readAllBytes(visible.resolve(file)));
        if (nir == null) return BandPair.singleCamera(vis);
        return BandPair.dualBand(vis, PalmImage.decode(Files.readAllBytes(nir.resolve(file))));
    }

    private PadManifest.Row copy(Path from, String relative, ManifestEntry e, boolean nearInfrared) throws IOException {
        Path target = out.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(from, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new PadManifest.Row(relative, e.subject(), false, PadManifest.LIVE, e.file(), nearInfrared);
    }

    private PadManifest.Row write(PalmImage image, String relative, ManifestEntry e, AttackKind kind, boolean nearInfrared)
            throws IOException {
        Path target = out.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.write(target, image.toPng());
        return new PadManifest.Row(relative, e.subject(), true, kind.label(), e.file(), nearInfrared);
    }

    /** An attack generator and its parameters, one line each. */
    private record Generator(Attack attack, List<String> parameters) {
        interface Attack {
            BandPair attack(AttackKind kind, BandPair bonaFide, long seed);
        }

        BandPair attack(AttackKind kind, BandPair bonaFide, long seed) {
            return attack.attack(kind, bonaFide, seed);
        }

        static Generator of(AttackModel model) {
            return new Generator(new SimulatedAttacks(model)::attack, model.describe());
        }

        static Generator of(IndependentAttackModel model) {
            List<String> lines = new ArrayList<>();
            lines.add("# generator: IndependentAttacks (engine/pad/IndependentRenderer), written apart from SimulatedAttacks");
            lines.addAll(model.describe());
            return new Generator(new IndependentAttacks(model)::attack, lines);
        }
    }

    private void writeModel(Set<AttackKind> chosen, List<String> parameters) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Simulated presentation attacks (openpalm pad attacks). Models of the physics, not physical attacks.");
        lines.add("visible = " + visible.toAbsolutePath());
        lines.add("nir = " + (nir == null ? "(single camera)" : nir.toAbsolutePath()));
        lines.add("kinds = " + String.join(",", chosen.stream().map(AttackKind::label).toList()));
        lines.add("seed = " + seed);
        lines.add("model = " + modelName);
        lines.add("# every parameter is drawn uniformly from its range per attack; units in the names (see AttackModel)");
        lines.addAll(parameters);
        Files.write(out.resolve("attack-model.txt"), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String stem(String file) {
        String name = file.replace('\\', '/');
        int dot = name.lastIndexOf('.');
        return (dot > name.lastIndexOf('/') ? name.substring(0, dot) : name).replace('/', '_');
    }
}
