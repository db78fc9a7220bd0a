/**
 * OpenPalm palm recognition: palm image to template, template comparison and 1:N search.
 * Only {@code org.openpalm.biometrics} is exported; the engine behind it may change freely.
 */
module org.openpalm.biometrics {
    requires java.desktop; // javax.imageio: PNG, JPEG and BMP decoding (part of the JDK)
    exports org.openpalm.biometrics;
}
