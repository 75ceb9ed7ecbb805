//! Which odd cases a synthetic session has: failures, a missing end, odd keys and so on.

use fastrand::Rng;

/// Something worth having in a corpus; see [`SHOWCASE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feature {
    FailedCall,
    NeverEnded,
    NoMetadata,
    MetadataDisagrees,
    LargeResponse,
    Markup,
    UnknownDrawing,
    SpaceInKey,
    PlusInKey,
    NoHash,
    UnknownModel,
    NumberAsText,
    CachedTokens,
    ChineseInKey,
}

/// Valid session number `i` always has `SHOWCASE[i % 50]` (when `i % 50` is in range), so
/// any corpus of `SHOWCASE.len()` sessions or more has every feature, whatever the seed.
pub(crate) const SHOWCASE: [Feature; 14] = [
    Feature::FailedCall,
    Feature::NeverEnded,
    Feature::NoMetadata,
    Feature::MetadataDisagrees,
    Feature::LargeResponse,
    Feature::Markup,
    Feature::UnknownDrawing,
    Feature::SpaceInKey,
    Feature::PlusInKey,
    Feature::NoHash,
    Feature::UnknownModel,
    Feature::NumberAsText,
    Feature::CachedTokens,
    Feature::ChineseInKey,
];

/// Features per session; besides [`SHOWCASE`], each comes at random at the rate in
/// [`Shape::pick`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shape {
    features: u32,
    /// An older writer: calls as in the shared sample (no status, times or request),
    /// metadata with four counts, no images.
    pub(crate) old_writer: bool,
    /// Fifteen to forty calls.
    pub(crate) many_calls: bool,
}

impl Shape {
    pub(crate) fn has(&self, feature: Feature) -> bool {
        self.features & (1 << feature as u32) != 0
    }

    fn set(&mut self, feature: Feature, on: bool) {
        if on {
            self.features |= 1 << feature as u32;
        } else {
            self.features &= !(1 << feature as u32);
        }
    }

    pub(crate) fn pick(rng: &mut Rng, forced: Option<Feature>) -> Shape {
        // Percent per session.
        const RATES: [(Feature, u8); 14] = [
            (Feature::FailedCall, 8),
            (Feature::NeverEnded, 4),
            (Feature::NoMetadata, 8),
            (Feature::MetadataDisagrees, 5),
            (Feature::LargeResponse, 3),
            (Feature::Markup, 2),
            (Feature::UnknownDrawing, 5),
            (Feature::SpaceInKey, 3),
            (Feature::PlusInKey, 3),
            (Feature::NoHash, 10),
            (Feature::UnknownModel, 4),
            (Feature::NumberAsText, 1),
            (Feature::CachedTokens, 15),
            (Feature::ChineseInKey, 1),
        ];
        let mut shape = Shape::default();
        for (feature, percent) in RATES {
            shape.set(feature, rng.u8(..100) < percent);
        }
        if shape.has(Feature::NoMetadata) {
            shape.set(Feature::MetadataDisagrees, false);
        }
        if let Some(feature) = forced {
            shape.set(feature, true);
            match feature {
                Feature::NoMetadata => shape.set(Feature::MetadataDisagrees, false),
                Feature::MetadataDisagrees => shape.set(Feature::NoMetadata, false),
                _ => {}
            }
        }
        shape.many_calls = rng.u8(..100) < 2;
        // The older writer logged neither failures nor unfinished sessions.
        let new_only = [
            Feature::FailedCall,
            Feature::NeverEnded,
            Feature::CachedTokens,
            Feature::NumberAsText,
        ];
        shape.old_writer =
            !shape.many_calls && !new_only.iter().any(|f| shape.has(*f)) && rng.u8(..4) == 0;
        shape
    }

    /// A shape for the document behind a broken object: finished, with calls.
    pub(crate) fn plain(rng: &mut Rng) -> Shape {
        let mut shape = Shape::pick(rng, None);
        shape.set(Feature::NeverEnded, false);
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_showcase_feature_is_distinct() {
        for (i, a) in SHOWCASE.iter().enumerate() {
            assert!(!SHOWCASE[i + 1..].contains(a), "{a:?} twice");
        }
        assert!(SHOWCASE.len() < 50);
    }
}
