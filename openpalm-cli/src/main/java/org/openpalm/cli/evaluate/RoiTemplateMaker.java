package org.openpalm.cli.evaluate;

import java.util.Locale;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmTemplate;

/**
 * For datasets whose images are already palm ROIs: decode, then {@link PalmTemplate#fromRoi}.
 * Failure reasons are the decoder's, in lower case ({@code truncated}, {@code not_an_image}, ...).
 */
public final class RoiTemplateMaker implements TemplateMaker {
    @Override
    public Acquisition acquire(byte[] encodedImage) {
        try {
            PalmImage image = PalmImage.decode(encodedImage);
            return new Acquisition.Acquired(PalmTemplate.fromRoi(image));
        } catch (PalmImageException e) {
            return new Acquisition.Failed(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
    }
}
